import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRateLimitStore, type RateLimitStore } from '../../src/http/rate-limit.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { startLinkPages } from './support/link-pages-server.js';

let sb: TestSwitchboard;
const stores: RateLimitStore[] = [];
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await sb?.close();
});

it('keeps the counts in this process on SQLite, in the database on PostgreSQL', async () => {
  const store = await openRateLimitStore(sb.database);
  stores.push(store);
  expect(store.kind).toBe(sb.database.driver === 'postgresql' ? 'postgres' : 'memory');
});

it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
  'on PostgreSQL, two server instances on one database share the per-address and per-link limits',
  async () => {
    const pair = [await openRateLimitStore(sb.database), await openRateLimitStore(sb.database)];
    stores.push(...pair);
    const [one, two] = await Promise.all(
      pair.map((rateLimits) =>
        startLinkPages(sb, {
          rateLimits,
          perAddress: { limit: 3, windowMs: 60_000 },
          perToken: { limit: 100, windowMs: 60_000 },
        }),
      ),
    );
    try {
      const link = (base: string, i: number) => `${base}/signup/${String(i).repeat(43)}`;
      expect((await fetch(link(one!.baseUrl, 1))).status).toBe(404);
      expect((await fetch(link(two!.baseUrl, 2))).status).toBe(404);
      expect((await fetch(link(one!.baseUrl, 3))).status).toBe(404);
      const refused = await fetch(link(two!.baseUrl, 4));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      const rows = await sb.orm.em.fork().getConnection().execute<{ key: string }[]>('select key from rate_limits');
      expect(rows.map((row: { key: string }) => row.key)).toEqual(
        expect.arrayContaining(['link-page-address:127.0.0.1']),
      );
    } finally {
      await one?.close();
      await two?.close();
    }
  },
);

it.runIf(process.env.TEST_DATABASE_URL !== undefined)(
  'on PostgreSQL, an idle connection the server ends is reported, not thrown, and the next request opens another',
  async () => {
    const idleErrors: Error[] = [];
    const store = await openRateLimitStore(sb.database, (error) => idleErrors.push(error));
    stores.push(store);
    await store.pool!.query('select 1');
    const pid = (await store.pool!.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    await sb.orm.em.getConnection().execute('select pg_terminate_backend(?)', [pid]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(idleErrors.map((error) => (error as Error & { code?: string }).code)).toEqual(['57P01']);
    expect((await store.pool!.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  },
);
