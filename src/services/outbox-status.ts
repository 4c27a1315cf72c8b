import { OutboxMessage, type OutboxKind, type OutboxStatus } from '../domain/entities/outbox-message.js';
import type { ServiceDeps } from './context.js';

/** One email of the outbox as an operator sees it: never its payload, and never a link (only files hold links). */
export interface OutboxMessageDto {
  id: string;
  kind: OutboxKind;
  recipient: string;
  status: OutboxStatus;
  createdAt: Date;
  sentAt: Date | null;
}

/** The latest `limit` emails of the outbox, newest first (`npm run cli -- outbox`). */
export async function latestOutboxMessages(deps: Pick<ServiceDeps, 'orm'>, limit: number): Promise<OutboxMessageDto[]> {
  const rows = await deps.orm.em.fork().find(OutboxMessage, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  return rows.map(({ id, kind, recipient, status, createdAt, sentAt }) => ({
    id,
    kind,
    recipient,
    status,
    createdAt,
    sentAt,
  }));
}
