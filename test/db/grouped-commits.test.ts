import Database from 'better-sqlite3';
import type { EntityManager, MikroORM, Transaction } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { changeTransaction, GroupedCommits, GroupRolledBack } from '../../src/db/grouped-commits.js';
import { openDatabase } from '../../src/db/orm.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { Account } from '../../src/domain/entities/account.js';
import { testDatabaseKind } from '../support/database.js';

let database: DatabaseConfig;
let drop: () => Promise<void>;
let orm: MikroORM;

beforeAll(async () => {
  ({ database, drop } = await createScratchDatabase(testDatabaseKind()));
  orm = await openDatabase(database);
});

afterAll(async () => {
  await orm.close(true);
  await drop();
});

const onSqlite = () => database.driver === 'sqlite';

let names = 0;
/** An account name no other test uses. */
const unique = (label: string) => `${label} ${++names} ${Date.now()}`;

function addAccount(em: EntityManager, name: string): Account {
  const account = new Account();
  account.name = name;
  em.persist(account);
  return account;
}

async function accountNames(prefix: string): Promise<string[]> {
  const rows = await orm.em.fork().find(Account, { name: { $like: `${prefix}%` } }, { orderBy: { name: 'asc' } });
  return rows.map((row) => row.name);
}

/**
 * A change that holds the writer until `release` is called, so that the changes queued meanwhile
 * make one group. Returns once it runs: asked for in the same turn, the others would share its group.
 */
async function holdWriter(): Promise<{ release: () => void; held: Promise<void> }> {
  let release!: () => void;
  let running!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (running = resolve));
  const held = changeTransaction(orm, async () => {
    running();
    await gate;
  });
  await started;
  return { release, held };
}

/** The account names a second connection to the file sees: what has been committed. */
function committedNames(prefix: string): string[] {
  if (database.driver !== 'sqlite') throw new Error('a second connection is opened on SQLite only');
  const other = new Database(database.path, { readonly: true });
  try {
    const rows = other.prepare('select name from accounts where name like ? order by name').all(`${prefix}%`);
    return (rows as { name: string }[]).map((row) => row.name);
  } finally {
    other.close();
  }
}

/**
 * Two changes asked for together: the second, running after the first in the same transaction,
 * sees the first's row and records what another connection sees (what has been committed).
 */
function twoChanges(prefix: string) {
  const seenBySecond: string[][] = [];
  const first = changeTransaction(orm, async (em) => void addAccount(em, `${prefix} a`));
  const second = changeTransaction(orm, async (em) => {
    expect(await em.count(Account, { name: `${prefix} a` })).toBe(1);
    seenBySecond.push(committedNames(prefix));
    addAccount(em, `${prefix} b`);
  });
  return { first, second, seenBySecond };
}

describe('changes committed in groups (changeTransaction)', () => {
  it('runs each change whole, and a failing one changes nothing while the others are saved', async () => {
    const prefix = unique('mixed');
    // Taken before: on PostgreSQL the three run at once, so a name taken by one of them would
    // fail whichever came second, not always the same one.
    await changeTransaction(orm, async (em) => void addAccount(em, `${prefix} taken`));
    const { release, held } = await holdWriter();
    const first = changeTransaction(orm, async (em) => addAccount(em, `${prefix} a`).name);
    const failing = changeTransaction(orm, async (em) => {
      addAccount(em, `${prefix} b`);
      await em.flush();
      addAccount(em, `${prefix} taken`); // a unique violation, after its first insert was written
    });
    const third = changeTransaction(orm, async (em) => addAccount(em, `${prefix} c`).name);
    // Judged from the start: on PostgreSQL the failing change may be refused before the first is done.
    const outcomes = [
      expect(first).resolves.toBe(`${prefix} a`),
      expect(failing).rejects.toThrow(/unique|duplicate/i),
      expect(third).resolves.toBe(`${prefix} c`),
    ];
    release();
    await held;
    await Promise.all(outcomes);
    expect(await accountNames(prefix)).toEqual([`${prefix} a`, `${prefix} c`, `${prefix} taken`]);
  });

  it('on SQLite, tells a change it is done only once the commit that holds it has returned', async (ctx) => {
    if (!onSqlite()) ctx.skip();
    const prefix = unique('grouped');
    const { release, held } = await holdWriter();
    // The first change is saved in the group's transaction, not yet committed: another connection cannot see it.
    const { first, second, seenBySecond } = twoChanges(prefix);
    const whenFirstDone = first.then(() => committedNames(prefix));
    release();
    await Promise.all([held, second]);
    expect(seenBySecond).toEqual([[]]);
    expect(await whenFirstDone).toEqual([`${prefix} a`, `${prefix} b`]);
  });

  it('on SQLite, changes asked for in the same turn of the event loop share one commit', async (ctx) => {
    if (!onSqlite()) ctx.skip();
    const prefix = unique('same turn');
    const { first, second, seenBySecond } = twoChanges(prefix);
    await Promise.all([first, second]);
    expect(seenBySecond, 'the first was not committed on its own before the second ran').toEqual([[]]);
    expect(committedNames(prefix)).toEqual([`${prefix} a`, `${prefix} b`]);
  });

  it('on SQLite, a commit that fails fails every change it held, and none is saved', async (ctx) => {
    if (!onSqlite()) ctx.skip();
    const prefix = unique('refused at commit');
    await orm.em
      .getConnection()
      .execute(
        'create table if not exists grouped_probe (account_id text references accounts (id) deferrable initially deferred)',
      );
    const { release, held } = await holdWriter();
    const first = changeTransaction(orm, async (em) => void addAccount(em, `${prefix} a`));
    // Checked only at COMMIT: the savepoint is released, the group's commit refused.
    const dangling = changeTransaction(orm, async (em) => {
      await em
        .getConnection()
        .execute("insert into grouped_probe values ('no such account')", [], 'run', em.getTransactionContext());
    });
    const third = changeTransaction(orm, async (em) => void addAccount(em, `${prefix} c`));
    release();
    await held;
    for (const change of [first, dangling, third]) await expect(change).rejects.toThrow(/foreign key/i);
    expect(await accountNames(prefix)).toEqual([]);
    expect(committedNames(prefix)).toEqual([]);
  });

  it('on SQLite, a transaction ended under the group fails the changes it held, and none is saved', async (ctx) => {
    if (!onSqlite()) ctx.skip();
    const prefix = unique('ended');
    const { release, held } = await holdWriter();
    const first = changeTransaction(orm, async (em) => void addAccount(em, `${prefix} a`));
    const ending = changeTransaction(orm, async (em) => {
      // What SQLite does by itself on an I/O error or a full disk: the whole transaction rolled back.
      await em.getConnection().execute('rollback', [], 'run', em.getTransactionContext<Transaction>());
    });
    const third = changeTransaction(orm, async (em) => void addAccount(em, `${prefix} c`));
    release();
    await held;
    await expect(first).rejects.toBeInstanceOf(GroupRolledBack);
    await expect(ending).rejects.toThrow();
    await expect(third).rejects.toBeInstanceOf(GroupRolledBack);
    expect(await accountNames(prefix)).toEqual([]);
    // The connection is usable again: the next change commits on its own.
    await changeTransaction(orm, async (em) => void addAccount(em, `${prefix} after`));
    expect(await accountNames(prefix)).toEqual([`${prefix} after`]);
  });

  it('leaves no change waiting when the group cannot start (the connection is gone)', async () => {
    const gone = new Error('the connection is gone');
    const em = { getPlatform: () => ({}), transactional: async () => 'alone' };
    const broken = {
      em: {
        getPlatform: () => ({}),
        fork: () => em,
        getConnection: () => ({ getNativeClient: () => Promise.reject(gone) }),
      },
    } as unknown as MikroORM;
    const commits = new GroupedCommits(broken);
    await expect(commits.transactional(async () => 'alone')).resolves.toBe('alone');
    const grouped = [commits.transactional(async () => 1), commits.transactional(async () => 2)];
    for (const change of grouped) await expect(change).rejects.toBe(gone);
  });
});
