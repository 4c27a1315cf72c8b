import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';

export const OUTBOX_KINDS = ['invitation', 'password-setup', 'password-reset', 'password-changed'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_messages',
  indexes: [{ properties: ['status', 'nextAttemptAt'], name: 'outbox_messages_due_index' }],
  properties: {
    id: p.uuid().primary(),
    accountId: p.uuid().strictNullable(),
    kind: p.string().length(32).$type<OutboxKind>(),
    /** The invitation or password link the message is about, so lists can show delivery status. */
    subjectId: p.uuid().strictNullable().index('outbox_messages_subject_index'),
    recipient: p.string().length(254),
    payload: p.json<Record<string, unknown>>(),
    status: p.string().length(16).$type<OutboxStatus>().default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    claimedBy: p.string().length(64).strictNullable(),
    claimedUntil: p.datetime().strictNullable(),
    lastError: p.text().strictNullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().strictNullable(),
  },
});

/**
 * An email committed with the change that causes it (transactional outbox). The
 * payload holds references and display values only, never a token: each attempt to
 * send the message mints its link's token (see LinkToken).
 */
export class OutboxMessage extends OutboxMessageSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.accountId = null;
    this.subjectId = null;
    this.payload = {};
    this.status = 'pending';
    this.attempts = 0;
    this.nextAttemptAt = new Date();
    this.claimedBy = null;
    this.claimedUntil = null;
    this.lastError = null;
    this.createdAt = new Date();
    this.sentAt = null;
  }
}

OutboxMessageSchema.setClass(OutboxMessage);
