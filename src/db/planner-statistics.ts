import type { MikroORM } from '@mikro-orm/core';
import { every, type RepeatingTask } from '../lib/every.js';
import type { Logger } from '../lib/logger.js';

/**
 * SQLite's planner needs statistics to know that `account_id = ?` selects most of a table while the
 * search index selects a few rows; without them a search walks the whole account (8 ms at 100,000
 * users instead of 0.7). SQLite's advice for a long-lived connection: `optimize` with these flags at
 * open, which analyses only the tables whose statistics are missing or out of date (ten times more
 * or fewer rows than recorded), bounded by `analysis_limit`; about 0.1 ms when none is.
 */
export async function refreshPlannerStatistics(orm: MikroORM): Promise<void> {
  const connection = orm.em.getConnection();
  await connection.execute('pragma analysis_limit = 400');
  await connection.execute('pragma optimize = 0x10002');
}

/** How often a running server brings SQLite's planner statistics up to date (see keepPlannerStatisticsCurrent). */
export const PLANNER_STATISTICS_INTERVAL_MS = 10 * 60_000;

/**
 * Statistics taken at open describe the data as it was then: a new deployment's are taken on empty
 * tables. The search index's own tables recorded as holding 2 rows make SQLite scan the whole index
 * on every commit that changes a user, more reads the more users there are (measured: 1 page read
 * per add with current statistics, 500 at 10,000 users with those of the empty database, a commit
 * 2 to 3 times as long), and a search walks the account. The open connection lives as long as the
 * server, so the statistics are refreshed while it runs, not only at the next start.
 */
export function keepPlannerStatisticsCurrent(
  orm: MikroORM,
  logger: Logger,
  intervalMs = PLANNER_STATISTICS_INTERVAL_MS,
): RepeatingTask {
  return every(intervalMs, () =>
    refreshPlannerStatistics(orm).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not refresh SQLite planner statistics'),
    ),
  );
}
