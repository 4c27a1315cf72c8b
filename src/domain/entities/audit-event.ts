import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';

export type AuditOutcome = 'success' | 'refused' | 'failed';

export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  indexes: [
    { properties: ['accountId', 'createdAt'], name: 'audit_events_account_index' },
    { properties: ['targetId'], name: 'audit_events_target_index' },
  ],
  properties: {
    id: p.uuid().primary(),
    accountId: p.uuid().strictNullable(),
    actorId: p.uuid().strictNullable(),
    actorName: p.string().length(200).strictNullable(),
    platform: p.string().length(16),
    action: p.string().length(64),
    targetType: p.string().length(32).strictNullable(),
    targetId: p.string().length(64).strictNullable(),
    targetName: p.string().length(200).strictNullable(),
    before: p.json<Record<string, unknown>>().strictNullable(),
    after: p.json<Record<string, unknown>>().strictNullable(),
    outcome: p.string().length(8).$type<AuditOutcome>().default('success'),
    errorCode: p.string().length(64).strictNullable(),
    message: p.text().strictNullable(),
    /** The web visitor's address (through TRUST_PROXY) for actions taken on the signup and reset pages. */
    clientAddress: p.string().length(45).strictNullable(),
    createdAt: p.datetime(),
  },
});

/**
 * What happened, who did it, from where, to whom: with before and after (secrets
 * removed) and the outcome. Written in the transaction of the change it records;
 * refusals are written on their own. References are kept as ids so that the
 * record outlives what it names.
 */
export class AuditEvent extends AuditEventSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.accountId = null;
    this.clientAddress = null;
    this.actorId = null;
    this.actorName = null;
    this.targetType = null;
    this.targetId = null;
    this.targetName = null;
    this.before = null;
    this.after = null;
    this.outcome = 'success';
    this.errorCode = null;
    this.message = null;
    this.createdAt = new Date();
  }
}

AuditEventSchema.setClass(AuditEvent);
