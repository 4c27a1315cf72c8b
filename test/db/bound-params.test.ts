import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM, Transaction } from '@mikro-orm/core';
import type { SqliteConnection } from '@mikro-orm/sqlite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundQuery } from '../../src/db/bound-sqlite-driver.js';
import { openDatabase } from '../../src/db/orm.js';
import { Account } from '../../src/domain/entities/account.js';

describe('which queries bind their parameters (boundQuery)', () => {
  it('binds strings, numbers, booleans, dates, buffers and null as SQLite would read them written in', () => {
    const at = new Date('2026-11-29T10:00:00.000Z');
    const params = ['a', 7, 1.5, true, false, at, Buffer.from([1]), null, undefined];
    expect(boundQuery('select ?, ?, ?, ?, ?, ?, ?, ?, ?', params)?.params).toEqual([
      'a',
      7n,
      1.5,
      1n,
      0n,
      BigInt(at.getTime()),
      Buffer.from([1]),
      null,
      null,
    ]);
  });

  it("leaves to MikroORM what it writes differently: lists, JSON, names (??), a quoted or escaped '?'", () => {
    expect(boundQuery('select * from t where n in (?)', [[1, 2]])).toBeNull();
    expect(boundQuery('select ?', [{ a: 1 }])).toBeNull();
    expect(boundQuery('select ?? from t where n = ?', ['n', 1])).toBeNull();
    expect(boundQuery("select '?', ?", [1, 2])).toBeNull();
    expect(boundQuery('select \\?, ?', [1])).toBeNull();
    expect(boundQuery('select ?', [Number.NaN])).toBeNull();
    expect(boundQuery('select 1', [])).toBeNull();
    expect(boundQuery("select '?', ?", [1])).toEqual({ sql: "select '?', ?", params: [1n] });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL === undefined)('MikroORM on SQLite with bound parameters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bound-'));
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await openDatabase({ driver: 'sqlite', path: join(dir, 'bound.db') });
  });
  afterAll(async () => {
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives what the same query with its values written in gives, type and value, for any value', async () => {
    const connection = orm.em.getConnection() as SqliteConnection;
    const platform = orm.em.getPlatform();
    const value = fc.oneof(
      fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
      fc.maxSafeInteger(),
      fc.constantFrom(-(2 ** 63), 2 ** 63, 2 ** 53, -(2 ** 53), 1e21, 2 ** 62),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.date({ noInvalidDate: true }),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(value, async (v) => {
        const text = 'select ? as v, typeof(?) as t';
        const bound = await connection.execute(text, [v, v], 'get');
        const written = await connection.execute(platform.formatQuery(text, [v, v]), [], 'get');
        expect(bound).toEqual(written);
      }),
      { numRuns: 300 },
    );
  });

  it('runs an entity query with other values as the same compiled statement', async () => {
    const native = await (orm.em.getConnection() as SqliteConnection).getNativeClient();
    const prepare = native.prepare.bind(native);
    const prepared: [string, unknown][] = [];
    native.prepare = ((text: string) => {
      const statement = prepare(text);
      prepared.push([text, statement]);
      return statement;
    }) as typeof native.prepare;
    try {
      await orm.em.fork().findOne(Account, { name: 'First' });
      await orm.em.fork().findOne(Account, { name: "O'Second" });
    } finally {
      native.prepare = prepare;
    }
    expect(prepared).toHaveLength(2);
    expect(prepared[0]![0]).toContain('?');
    expect(prepared[1]![0]).toBe(prepared[0]![0]);
    expect(prepared[1]![1]).toBe(prepared[0]![1]);
  });

  it('stores and reads back entities as before: dates, text with quotes and backslashes', async () => {
    const createdAt = new Date('2026-11-29T10:00:00.123Z');
    const em = orm.em.fork();
    const account = Object.assign(new Account(), { name: 'Quote\'s "and" \\ back', createdAt });
    await em.persist(account).flush();
    const read = await orm.em.fork().findOneOrFail(Account, { id: account.id });
    expect(read.name).toBe(account.name);
    expect(read.createdAt.getTime()).toBe(createdAt.getTime());
  });

  it('hands its connection back after a transaction that SQLite rolled back by itself', async () => {
    const name = `ended by SQLite ${Date.now()}`;
    const ended = orm.em.fork().transactional(async (em) => {
      const account = new Account();
      account.name = name;
      await em.persist(account).flush();
      // What SQLite does by itself on a full disk or an I/O error: the whole transaction rolled back.
      await em.getConnection().execute('rollback', [], 'run', em.getTransactionContext<Transaction>());
    });
    await expect(ended).rejects.toThrow(/no transaction is active/);
    // Before the rollback was mended, Kysely kept its one connection and this waited forever.
    expect(await orm.em.fork().count(Account, { name })).toBe(0);
  }, 5_000);

  it('leaves no transaction open when the rollback comes after a commit (a failing afterTransactionCommit)', async () => {
    const em = orm.em.fork({ cloneEventManager: true });
    em.getEventManager().registerSubscriber({
      afterTransactionCommit: () => {
        throw new Error('after the commit');
      },
    });
    const name = `committed first ${Date.now()}`;
    const committed = em.transactional(async (trx) => {
      const account = new Account();
      account.name = name;
      trx.persist(account);
    });
    await expect(committed).rejects.toThrow('after the commit');
    const native = await (orm.em.getConnection() as SqliteConnection).getNativeClient();
    expect(native.inTransaction).toBe(false);
    expect(await orm.em.fork().count(Account, { name })).toBe(1);
  });
});
