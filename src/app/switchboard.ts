import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../config.js';
import { openDatabase } from '../db/orm.js';
import { keepPlannerStatisticsCurrent } from '../db/planner-statistics.js';
import type { Logger } from '../lib/logger.js';
import { ApprovalEvents } from '../services/approvals/events.js';
import { ReviewEvents } from '../services/reviews/events.js';
import { ImportEvents } from '../services/imports/events.js';
import { systemClock, type Clock, type ServiceDeps } from '../services/context.js';
import { AccountReadCache } from '../services/read-cache.js';

/** Opens the database (applying migrations) and builds what every service needs. */
export async function openSwitchboard(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<ServiceDeps & { close(): Promise<void> }> {
  const orm: MikroORM = await openDatabase(config.database, {
    onMigrated: (names) => logger.info({ migrations: names }, `applied ${names.length} database migration(s)`),
  });
  // SQLite's statistics, taken at open, are kept up to date while the server runs (PostgreSQL's autovacuum does this).
  const statistics = config.database.driver === 'sqlite' ? keepPlannerStatisticsCurrent(orm, logger) : null;
  return {
    orm,
    clock,
    logger,
    settings: {
      inviteTtlMs: config.inviteTtlMs,
      resetTtlMs: config.resetTtlMs,
      grantMaxMs: config.grantMaxMs,
      publicBaseUrl: config.publicBaseUrl,
      approvals: config.approvals,
    },
    approvalEvents: new ApprovalEvents(logger),
    reviewEvents: new ReviewEvents(logger),
    importEvents: new ImportEvents(logger),
    readCache: new AccountReadCache(),
    close: async () => {
      await statistics?.stop();
      await orm.close(true);
    },
  };
}
