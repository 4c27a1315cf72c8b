import type { EntityManager } from '@mikro-orm/core';
import { OutboxMessage, type OutboxKind } from '../domain/entities/outbox-message.js';

/**
 * Records an email in the change's transaction; the mail worker delivers it. The payload
 * holds display values and references only: link tokens are minted at send time.
 */
export function enqueueEmail(
  em: EntityManager,
  message: { accountId: string; kind: OutboxKind; recipient: string; subjectId?: string; payload: Record<string, unknown>; now: Date },
): OutboxMessage {
  const row = new OutboxMessage();
  Object.assign(row, {
    accountId: message.accountId,
    kind: message.kind,
    recipient: message.recipient,
    subjectId: message.subjectId ?? null,
    payload: message.payload,
    nextAttemptAt: message.now,
    createdAt: message.now,
  });
  em.persist(row);
  return row;
}
