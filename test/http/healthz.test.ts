import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { healthRoute, HttpServer } from '../../src/http/server.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

it('GET /healthz answers 200 with status, database reachable and the version; 503 when the database is gone', async () => {
  const other = await openDatabase(sb.database, { migrate: false });
  const http = new HttpServer(sb.deps.logger).route('GET', '/healthz', healthRoute(sb.orm)).route('GET', '/healthz-other', healthRoute(other));
  const port = await http.listen(0, '127.0.0.1');
  try {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toEqual({ status: 'ok', database: true, version });

    await other.close(true);
    const down = await fetch(`http://127.0.0.1:${port}/healthz-other`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', database: false, version });

    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'POST' })).status).toBe(405);
  } finally {
    await http.close();
  }
});
