import type { Configuration } from '@mikro-orm/core';
import { SqliteConnection, SqliteDriver } from '@mikro-orm/sqlite';
import { CompiledQuery } from 'kysely';

type SqliteValue = string | bigint | number | Buffer | null;

/** SQLite's integers are 64-bit. */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A whole number past 2^53 as SQLite reads it written in (`String(value)`): an INTEGER when those
 * digits fit in 64 bits, else a REAL. A JS number is bound as a REAL, so the INTEGER is a bigint.
 */
function writtenWholeNumber(value: number): bigint | number {
  const text = String(value);
  if (!/^-?\d+$/.test(text)) return value;
  const digits = BigInt(text);
  return digits >= INT64_MIN && digits <= INT64_MAX ? digits : value;
}

/** A parameter as SQLite would read it written into the query (SqlitePlatform.escape), or undefined. */
function bindable(value: unknown): SqliteValue | undefined {
  if (value == null) return null;
  switch (typeof value) {
    case 'string':
    case 'bigint':
      return value;
    case 'boolean':
      return value ? 1n : 0n;
    case 'number':
      if (Number.isSafeInteger(value)) return BigInt(value);
      if (Number.isInteger(value)) return writtenWholeNumber(value);
      return Number.isFinite(value) ? value : undefined;
  }
  if (value instanceof Date) return Number.isNaN(+value) ? undefined : BigInt(+value);
  if (Buffer.isBuffer(value)) return value;
  return undefined;
}

/** How many `?` placeholders the text has outside quoted strings and names; -1 for `??` or `\?`. */
function placeholders(sql: string): number {
  let count = 0;
  let quote = '';
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '?') {
      if (sql[i + 1] === '?' || sql[i - 1] === '\\') return -1;
      count++;
    }
  }
  return count;
}

/** The query with its parameters bound, when every one binds as MikroORM would have written it. */
export function boundQuery(sql: string, params: readonly unknown[]): { sql: string; params: SqliteValue[] } | null {
  if (params.length === 0 || placeholders(sql) !== params.length) return null;
  const values: SqliteValue[] = [];
  for (const param of params) {
    const value = bindable(param);
    if (value === undefined) return null;
    values.push(value);
  }
  return { sql, params: values };
}

type Execute = SqliteConnection['execute'];
type Rollback = SqliteConnection['rollback'];
type QueryResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;
type Result = QueryResultOf<Execute>;
type LoggerContext = Parameters<Execute>[4] & { signal?: unknown; inflightQueryAbortStrategy?: unknown };

/**
 * MikroORM 7 writes every parameter into the query's text before it runs it, so better-sqlite3
 * compiles a new statement for each query, and the statement cache (statement-cache.ts) never
 * sees one twice: `prepare` was 13% of a `user add` submission. This connection binds the
 * parameters instead, whenever each one binds exactly as it would have been written (strings,
 * numbers, booleans, dates as MikroORM's SQLite epoch milliseconds, buffers, null); anything else
 * (a list, JSON, a raw fragment, a cancellable query) runs MikroORM's own way.
 */
class BoundParamsSqliteConnection extends SqliteConnection {
  override async execute<T extends Result = Result>(...args: Parameters<Execute>): Promise<T> {
    const [query, params = [], method = 'all', ctx, loggerContext] = args;
    const context = loggerContext as LoggerContext | undefined;
    const cancellable = context?.signal != null || context?.inflightQueryAbortStrategy != null;
    const plain = typeof query === 'string' && Array.isArray(params) && !cancellable;
    // The `onQuery` hook sees the query as MikroORM's own path would give it (prepareQuery).
    const bound = plain ? boundQuery(this.config.get('onQuery')(query, params), params) : null;
    if (!bound) return super.execute<T>(...args);
    await this.ensureConnection();
    // The text with the values written in is made only when a logger would show it.
    const logParams = this.config.getLogger().isEnabled('query-params', loggerContext);
    const logged = logParams ? this.platform.formatQuery(bound.sql, params as unknown[]) : bound.sql;
    return this.executeQuery(
      logged,
      async () => {
        const compiled = CompiledQuery.raw(bound.sql, bound.params);
        const res = await (ctx ?? this.getClient()).executeQuery(compiled);
        return this.transformRawResult<T>(res, method);
      },
      { query: bound.sql, params: params as readonly unknown[], ...loggerContext },
    );
  }

  /**
   * SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error). Kysely's
   * `rollback` would then fail ("no transaction is active") and never give its one connection
   * back, and every query after it would wait forever. A transaction that SQLite ended is opened
   * again (empty) here, so that its rollback succeeds and hands the connection back.
   */
  override async rollback(...args: Parameters<Rollback>): Promise<void> {
    const [ctx] = args;
    // Only a transaction Kysely still holds open: after a commit, a `begin` here would stay open.
    if (!('savepointName' in ctx) && !ctx.isCommitted && !ctx.isRolledBack) {
      const sqlite = await this.getNativeClient();
      if (!sqlite.inTransaction) sqlite.exec('begin');
    }
    return super.rollback(...args);
  }
}

/** MikroORM's SQLite driver on a connection that binds parameters (BoundParamsSqliteConnection). */
export class BoundParamsSqliteDriver extends SqliteDriver {
  constructor(config: Configuration) {
    super(config);
    // `connection` is read-only to callers; the driver's constructor is where it is chosen.
    (this as unknown as { connection: SqliteConnection }).connection = new BoundParamsSqliteConnection(this.config);
  }
}
