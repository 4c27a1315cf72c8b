import { newShortRefId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
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

/** What a request changes, before and after, secrets removed. */
export interface ApprovalPreview {
  targetName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const ApprovalRequestSchema = defineEntity({
  name: 'ApprovalRequest',
  tableName: 'approval_requests',
  indexes: [{ properties: ['state', 'expiresAt'], name: 'approval_requests_due_index' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade'),
    operationName: p.string().length(64),
    operationInput: p.json<Record<string, unknown>>(),
    /** Why it needs approval, e.g. "deleting a user". */
    reason: p.string().length(200),
    preview: p.json<ApprovalPreview>(),
    requester: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    platform: p.string().length(16),
    messageRef: p.json<ApprovalMessageRef>().strictNullable(),
    state: p.string().length(16).$type<ApprovalState>().default('pending'),
    required: p.integer().default(1),
    decisions: p.json<ApprovalDecision[]>(),
    /** What became of it; while it is pending, whose approvals no longer count (null: nothing to say). */
    outcome: p.text().strictNullable(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    decidedAt: p.datetime().strictNullable(),
    /** Reminders sent to the approvers so far, and when the next is due (null: none). */
    remindersSent: p.integer().default(0),
    nextReminderAt: p.datetime().strictNullable(),
    version: p.integer().version(),
  },
});

/**
 * A change held for a second Administrator: the operation as DESIGN.md stores it (name and
 * validated input, no secret), who asked, a preview of what it changes, the decisions, and
 * its state. `version` makes concurrent decisions safe.
 */
export class ApprovalRequest extends ApprovalRequestSchema.class {
  constructor() {
    super();
    this.id = newShortRefId();
    this.messageRef = null;
    this.state = 'pending';
    this.required = 1;
    this.decisions = [];
    this.outcome = null;
    this.createdAt = new Date();
    this.decidedAt = null;
    this.remindersSent = 0;
    this.nextReminderAt = null;
  }
}

ApprovalRequestSchema.setClass(ApprovalRequest);
