import type { MikroORM } from '@mikro-orm/core';
import { ApprovalRequest } from '../domain/entities/approval-request.js';
import { OutboxMessage } from '../domain/entities/outbox-message.js';
import type { GaugeSource } from '../http/metrics.js';
import type { DatabaseHealth } from '../http/server.js';

const ROLLBACK = new Error('health check: roll back');

/**
 * Whether the database takes a write: a no-op update of the migrations table, rolled back. It
 * fails on a read-only SQLite file or connection, a PostgreSQL standby or read-only database.
 */
async function databaseWritable(orm: MikroORM): Promise<boolean> {
  try {
    await orm.em.fork().transactional(async (em) => {
      await em
        .getConnection()
        .execute(
          'update mikro_orm_migrations set name = name where id = (select min(id) from mikro_orm_migrations)',
          [],
          'run',
          em.getTransactionContext(),
        );
      throw ROLLBACK;
    });
  } catch (error) {
    return error === ROLLBACK;
  }
  return false;
}

/** For `GET /healthz` (src/http/server.ts's healthRoute): whether the database answers and takes writes. */
export function databaseHealth({ orm }: { orm: MikroORM }): () => Promise<DatabaseHealth> {
  return async () => {
    try {
      const database = await orm.isConnected();
      if (database) await orm.em.fork().getConnection().execute('select 1');
      return { database, writable: database && (await databaseWritable(orm)) };
    } catch {
      return { database: false, writable: false };
    }
  };
}

/**
 * For `GET /metrics` (src/http/metrics.ts's metricsRoute): gauges read from the database when scraped, never on a
 * request: the outbox backlog (pending or sending) and failures, and approval requests waiting for a decision.
 */
export function databaseGauges({ orm }: { orm: MikroORM }): GaugeSource[] {
  return [
    {
      name: 'switchboard_outbox_backlog',
      help: 'Emails waiting to be sent (pending, or being sent)',
      count: () => orm.em.fork().count(OutboxMessage, { status: { $in: ['pending', 'sending'] } }),
    },
    {
      name: 'switchboard_outbox_failed',
      help: 'Emails given up on after their attempts',
      count: () => orm.em.fork().count(OutboxMessage, { status: 'failed' }),
    },
    {
      name: 'switchboard_approvals_pending',
      help: 'Approval requests waiting for a decision',
      count: () => orm.em.fork().count(ApprovalRequest, { state: 'pending' }),
    },
  ];
}
