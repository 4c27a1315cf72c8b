import { readFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseHealth } from '../../src/app/monitoring.js';
import { openDatabase } from '../../src/db/orm.js';
import { healthRoute, HttpServer } from '../../src/http/server.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

it('GET /healthz answers 200 with status, database reachable and the version; 503 when the database is gone', async () => {
  const other = await openDatabase(sb.database, { migrate: false });
  const http = new HttpServer(sb.deps.logger)
    .route('GET', '/healthz', healthRoute(databaseHealth(sb)))
    .route('GET', '/healthz-other', healthRoute(databaseHealth({ orm: other })));
  const port = await http.listen(0, '127.0.0.1');
  try {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({ status: 'ok', database: true, writable: true, version });

    await other.close(true);
    const down = await fetch(`http://127.0.0.1:${port}/healthz-other`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', database: false, writable: false, version });

    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' })).status).toBe(405);
  } finally {
    await http.close();
  }
});

/** A second connection to the test database that cannot write: SQLite's query_only, PostgreSQL's read-only default. */
async function readOnlyConnection(): Promise<MikroORM> {
  if (sb.database.driver === 'sqlite') {
    const orm = await openDatabase(sb.database, { migrate: false });
    await orm.em.getConnection().execute('pragma query_only = on');
    return orm;
  }
  const name = new URL(sb.database.url).pathname.slice(1);
  await sb.orm.em.getConnection().execute(`alter database "${name}" set default_transaction_read_only = on`);
  try {
    const orm = await openDatabase(sb.database, { migrate: false });
    await orm.em.getConnection().execute('select 1');
    return orm;
  } finally {
    await sb.orm.em.getConnection().execute(`alter database "${name}" reset default_transaction_read_only`);
  }
}

it('GET /healthz answers 503 read-only when the database answers but cannot be written, and writes nothing', async () => {
  const readOnly = await readOnlyConnection();
  const http = new HttpServer(sb.deps.logger).route('GET', '/healthz', healthRoute(databaseHealth({ orm: readOnly })));
  const port = await http.listen(0, '127.0.0.1');
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'read-only', database: true, writable: false, version });
    const rows = await sb.orm.em.getConnection().execute('select name from mikro_orm_migrations order by id');
    expect(rows.length).toBeGreaterThan(0);
  } finally {
    await http.close();
    await readOnly.close(true);
  }
});
