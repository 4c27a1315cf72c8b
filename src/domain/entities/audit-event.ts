import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export type AuditOutcome = 'success' | 'refused' | 'failed';

/**
 * What happened, who did it, from where, to whom: with before and after (secrets
 * removed) and the outcome. Written in the transaction of the change it records;
 * refusals are written on their own. References are kept as ids so that the
 * record outlives what it names.
 */
export class AuditEvent {
  id: string = randomUUID();
  accountId: string | null = null;
  actorId: string | null = null;
  actorName: string | null = null;
  platform!: string;
  action!: string;
  targetType: string | null = null;
  targetId: string | null = null;
  targetName: string | null = null;
  before: Record<string, unknown> | null = null;
  after: Record<string, unknown> | null = null;
  outcome: AuditOutcome = 'success';
  errorCode: string | null = null;
  message: string | null = null;
  createdAt: Date = new Date();
}

export const AuditEventSchema = new EntitySchema<AuditEvent>({
  class: AuditEvent,
  tableName: 'audit_events',
  indexes: [
    { properties: ['accountId', 'createdAt'], name: 'audit_events_account_index' },
    { properties: ['targetId'], name: 'audit_events_target_index' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    accountId: { type: 'uuid', nullable: true },
    actorId: { type: 'uuid', nullable: true },
    actorName: { type: 'string', length: 200, nullable: true },
    platform: { type: 'string', length: 16 },
    action: { type: 'string', length: 64 },
    targetType: { type: 'string', length: 32, nullable: true },
    targetId: { type: 'string', length: 64, nullable: true },
    targetName: { type: 'string', length: 200, nullable: true },
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
    outcome: { type: 'string', length: 8 },
    errorCode: { type: 'string', length: 64, nullable: true },
    message: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
  },
});
