/** What the cache needs of a better-sqlite3 statement: whether it is being iterated right now. */
interface Statement {
  readonly busy: boolean;
}

interface PreparingDatabase {
  prepare(sql: string): Statement;
}

/** Run by every transaction: Kysely prepares these for each one. */
const TRANSACTION_CONTROL = new Set(['begin', 'commit', 'rollback']);

/** Run by every change of a group (grouped-commits.ts): MikroORM names its savepoints trx1, trx2, … */
const SAVEPOINT_CONTROL = /^(savepoint|release|rollback to) "trx\d{1,3}"$/;

/** Whether a statement of this text is kept for reuse. */
function kept(sql: string): boolean {
  return sql.includes('?') || TRANSACTION_CONTROL.has(sql) || SAVEPOINT_CONTROL.test(sql);
}

/**
 * better-sqlite3 compiles a statement afresh each time it is asked to prepare one, and MikroORM
 * (through Kysely's driver) asks for every query: a profile under load put 8% of the server's
 * time in `prepare`. A prepared statement can be run again and again with new parameters, so
 * `prepare` here hands back the statement already compiled for the same text, the `size` most
 * recently used ones kept. Kept: statements with parameters (`?`: MikroORM's queries, bound by
 * bound-sqlite-driver.ts, and the reads written for reuse in sql-rows.ts), `begin`, `commit`,
 * `rollback` and MikroORM's savepoints; other text (DDL, a query with values written in) is
 * compiled each time. A statement being iterated (a streamed query) is never handed out twice:
 * a second caller gets a fresh one. SQLite recompiles a cached statement by itself when a
 * migration changes the schema under it.
 */
export function cacheStatements(db: PreparingDatabase, size = 500): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  db.prepare = (sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      // Most recently used last: the first key is the one to drop.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    if (!cached && kept(sql)) {
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
}
