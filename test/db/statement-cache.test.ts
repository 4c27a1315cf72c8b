import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteConnection } from '@mikro-orm/sqlite';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, SQLITE_PAGE_CACHE_KIB, WAL_CHECKPOINT_PAGES } from '../../src/db/orm.js';
import { cacheStatements } from '../../src/db/statement-cache.js';

function database() {
  const db = new Database(':memory:');
  db.exec('create table t (n integer); insert into t values (1), (2), (3);');
  return db;
}

describe('the statement cache on better-sqlite3', () => {
  it('hands back the statement already compiled for the same text, with new parameters each run', () => {
    const db = database();
    cacheStatements(db);
    const first = db.prepare('select n from t where n >= ? order by n');
    expect(db.prepare('select n from t where n >= ? order by n')).toBe(first);
    expect(first.all(2)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(db.prepare('select n from t where n >= ? order by n').all(3)).toEqual([{ n: 3 }]);
  });

  it('never hands out a statement that is being iterated', () => {
    const db = database();
    cacheStatements(db);
    const text = 'select n from t where n > ? order by n';
    const outer = db.prepare(text);
    const seen: number[] = [];
    for (const row of outer.iterate(0) as Iterable<{ n: number }>) {
      const inner = db.prepare(text);
      expect(inner).not.toBe(outer);
      seen.push(row.n, (inner.all(0) as { n: number }[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });

  it('keeps the most recently used statements, up to its size', () => {
    const db = database();
    cacheStatements(db, 2);
    const a = db.prepare('select ?');
    const b = db.prepare('select ?, 2');
    expect(db.prepare('select ?')).toBe(a);
    db.prepare('select ?, 3');
    expect(db.prepare('select ?')).toBe(a);
    expect(db.prepare('select ?, 2')).not.toBe(b);
  });

  it('keeps statements with parameters and transaction control, not text with its values written in', () => {
    const db = database();
    cacheStatements(db);
    expect(db.prepare('select n from t where n = 2')).not.toBe(db.prepare('select n from t where n = 2'));
    for (const text of ['begin', 'commit', 'rollback']) expect(db.prepare(text)).toBe(db.prepare(text));
  });

  it("keeps MikroORM's savepoints (a group's changes each open and release one), not other names", () => {
    const db = database();
    cacheStatements(db);
    db.exec('begin');
    for (const text of ['savepoint "trx1"', 'release "trx1"', 'savepoint "trx2"', 'rollback to "trx2"'])
      expect(db.prepare(text)).toBe(db.prepare(text));
    expect(db.prepare('savepoint "x"')).not.toBe(db.prepare('savepoint "x"'));
    db.exec('rollback');
  });

  it('follows a schema change under a cached statement', () => {
    const db = database();
    cacheStatements(db);
    expect(db.prepare('select * from t limit ?').get(1)).toEqual({ n: 1 });
    db.exec('alter table t add column m integer default 7');
    expect(db.prepare('select * from t limit ?').get(1)).toEqual({ n: 1, m: 7 });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL === undefined)('a SQLite database as Switchboard opens it', () => {
  it('is in WAL mode with synchronous NORMAL, checkpoints every 4,096 pages, caches 2 MB of pages and reuses its statements', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
    const orm = await openDatabase({ driver: 'sqlite', path: join(dir, 'open.db') });
    try {
      const connection = orm.em.getConnection() as SqliteConnection;
      const native = await connection.getNativeClient();
      expect(native.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(native.pragma('synchronous', { simple: true })).toBe(1);
      expect(native.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
      expect(SQLITE_PAGE_CACHE_KIB).toBe(-2000);
      expect(native.pragma('cache_size', { simple: true })).toBe(SQLITE_PAGE_CACHE_KIB);
      const text = 'select count(*) from accounts where id <> ?';
      expect(native.prepare(text)).toBe(native.prepare(text));
    } finally {
      await orm.close(true);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
