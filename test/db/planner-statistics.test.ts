import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/sqlite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { keepPlannerStatisticsCurrent } from '../../src/db/planner-statistics.js';
import type { RepeatingTask } from '../../src/lib/every.js';
import { createLogger } from '../../src/lib/logger.js';
import { accountWithUsers } from './support/many-users.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-stats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The row count SQLite's planner has on record for a table (sqlite_stat1), or null when it has none. */
async function recordedRows(orm: MikroORM, table: string): Promise<number | null> {
  const rows = await orm.em
    .getConnection()
    .execute<{ stat: string }[]>('select stat from sqlite_stat1 where tbl = ? and idx is null', [table]);
  return rows[0] ? Number(rows[0].stat.split(' ')[0]) : null;
}

describe.runIf(process.env.TEST_DATABASE_URL === undefined)('SQLite planner statistics on a running server', () => {
  it('are brought up to date while the connection stays open, not only at the next start', async () => {
    const orm = (await openDatabase({ driver: 'sqlite', path: join(dir, 'grow.db') })) as unknown as MikroORM;
    let keeper: RepeatingTask | undefined;
    try {
      // A new deployment: the statistics were taken at open, on empty tables.
      const atOpen = await recordedRows(orm, 'portal_users_search_data');
      expect(atOpen).not.toBeNull();
      expect(atOpen!).toBeLessThan(5);
      await accountWithUsers(orm, 'Growing', 'grow', 3000);
      // Nothing refreshes them by itself while the server runs.
      expect(await recordedRows(orm, 'portal_users_search_data')).toBe(atOpen);

      keeper = keepPlannerStatisticsCurrent(orm, createLogger('silent'), 25);
      await vi.waitFor(
        async () => expect(await recordedRows(orm, 'portal_users_search_data')).toBeGreaterThanOrEqual(10 * atOpen!),
        { timeout: 5_000, interval: 20 },
      );
      const users = await orm.em.getConnection().execute<{ n: number }[]>('select count(*) as n from portal_users');
      expect(await recordedRows(orm, 'portal_users_search_docsize')).toBe(Number(users[0]!.n));
    } finally {
      await keeper?.stop();
      await orm.close(true);
    }
  });

  it('stops refreshing once stopped', async () => {
    const orm = (await openDatabase({ driver: 'sqlite', path: join(dir, 'stop.db') })) as unknown as MikroORM;
    try {
      const keeper = keepPlannerStatisticsCurrent(orm, createLogger('silent'), 25);
      await keeper.stop();
      const before = await recordedRows(orm, 'portal_users_search_data');
      await accountWithUsers(orm, 'Growing', 'grow', 300);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await recordedRows(orm, 'portal_users_search_data')).toBe(before);
    } finally {
      await orm.close(true);
    }
  });
});
