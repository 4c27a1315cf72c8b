import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export const OUTBOX_KINDS = ['invitation', 'password-setup', 'password-reset', 'password-changed'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * An email committed with the change that causes it (transactional outbox). The
 * payload holds references and display values only, never a token: the link's
 * token is minted when the worker sends the message.
 */
export class OutboxMessage {
  id: string = randomUUID();
  accountId: string | null = null;
  kind!: OutboxKind;
  /** The invitation or password link the message is about, so lists can show delivery status. */
  subjectId: string | null = null;
  recipient!: string;
  payload: Record<string, unknown> = {};
  status: OutboxStatus = 'pending';
  attempts = 0;
  nextAttemptAt: Date = new Date();
  claimedBy: string | null = null;
  claimedUntil: Date | null = null;
  lastError: string | null = null;
  createdAt: Date = new Date();
  sentAt: Date | null = null;
}

export const OutboxMessageSchema = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox_messages',
  indexes: [{ properties: ['status', 'nextAttemptAt'], name: 'outbox_messages_due_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    accountId: { type: 'uuid', nullable: true },
    kind: { type: 'string', length: 32 },
    subjectId: { type: 'uuid', nullable: true, index: 'outbox_messages_subject_index' },
    recipient: { type: 'string', length: 254 },
    payload: { type: 'json' },
    status: { type: 'string', length: 16 },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'datetime' },
    claimedBy: { type: 'string', length: 64, nullable: true },
    claimedUntil: { type: 'datetime', nullable: true },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
    sentAt: { type: 'datetime', nullable: true },
  },
});
