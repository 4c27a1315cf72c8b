import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const APPROVAL_STATES = ['pending', 'approved', 'denied', 'expired', 'executed', 'failed'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export interface ApprovalDecision {
  by: string;
  byName: string;
  decision: 'approve' | 'deny';
  reason: string | null;
  at: string;
}

/** Where a request's card was posted, so it can be updated for everyone. */
export interface ApprovalMessageRef {
  platform: string;
  channel: string;
  /** Slack message `ts`, Teams activity id. */
  message: string | null;
  /** Whatever else the platform needs to reach it again (Teams: service URL, conversation). */
  extra?: Record<string, string>;
}

/**
 * A change held for a second Administrator: the operation as DESIGN.md stores it (name and
 * validated input, no secret), who asked, a preview of what it changes, the decisions, and
 * its state. `version` makes concurrent decisions safe.
 */
export class ApprovalRequest {
  id: string = randomUUID();
  account!: Account;
  operationName!: string;
  operationInput!: Record<string, unknown>;
  /** Why it needs approval, e.g. "deleting a user". */
  reason!: string;
  /** What it changes, before and after, secrets removed. */
  preview!: { targetName: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
  requester!: PortalUser;
  platform!: string;
  messageRef: ApprovalMessageRef | null = null;
  state: ApprovalState = 'pending';
  required = 1;
  decisions: ApprovalDecision[] = [];
  outcome: string | null = null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  decidedAt: Date | null = null;
  version!: number;
}

export const ApprovalRequestSchema = new EntitySchema<ApprovalRequest>({
  class: ApprovalRequest,
  tableName: 'approval_requests',
  indexes: [{ properties: ['state', 'expiresAt'], name: 'approval_requests_due_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    operationName: { type: 'string', length: 64 },
    operationInput: { type: 'json' },
    reason: { type: 'string', length: 200 },
    preview: { type: 'json' },
    requester: { kind: 'm:1', entity: () => PortalUser, deleteRule: 'cascade' },
    platform: { type: 'string', length: 16 },
    messageRef: { type: 'json', nullable: true },
    state: { type: 'string', length: 16 },
    required: { type: 'integer' },
    decisions: { type: 'json' },
    outcome: { type: 'text', nullable: true },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    decidedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
  },
});
