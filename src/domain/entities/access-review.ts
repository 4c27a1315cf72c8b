import { newShortRefId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const REVIEW_STATES = ['open', 'closed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Where an item's card was posted, so that an adapter can update it in place later. */
export interface ReviewCardRef {
  platform: string;
  channel: string;
  /** Slack message `ts`, Teams activity id. */
  message: string | null;
  /** Whatever else the platform needs to reach it again (Teams: service URL). */
  extra?: Record<string, string>;
}

/** One line of a closed review's report: a holder and what became of their access. */
export interface ReviewReportLine {
  itemId: string;
  userId: string;
  name: string;
  email: string;
  valueAtStart: string;
  decision: 'keep' | 'revoke' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  outcome: string | null;
  /** A revoke that found nothing to take away (absent from reports written before it was told). */
  nothingToRevoke?: boolean;
}

/** Someone who holds the permission at the close but was no holder when the review started. */
export interface ReviewReportNewHolder {
  userId: string;
  name: string;
  email: string;
  /** Their value of the field at the close (`pay`, `true`). */
  value: string;
}

/**
 * What a closed review found: the counts, each holder's line, and who gained the permission while
 * it was open (not covered by it). Reports written before `nothingToRevoke` and `gainedSince`
 * were kept lack them.
 */
export interface ReviewReport {
  kept: number;
  /** Revokes that took the permission away. */
  revoked: number;
  /** Revokes that found nothing to take away. */
  nothingToRevoke?: number;
  unanswered: number;
  closedBy: string;
  lines: ReviewReportLine[];
  gainedSince?: ReviewReportNewHolder[];
}

export const AccessReviewSchema = defineEntity({
  name: 'AccessReview',
  tableName: 'access_reviews',
  indexes: [
    { properties: ['state', 'dueAt'], name: 'access_reviews_due_index' },
    { properties: ['account', 'permission', 'state'], name: 'access_reviews_open_index' },
  ],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    /** As written: `admin`, `invoices:pay`. */
    permission: p.string().length(32),
    /** The permission field (`administrator`, `invoices`) and the level reviewed (`true`, `pay`). */
    field: p.string().length(32),
    level: p.string().length(16),
    startedBy: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    /** The platform it was started from: where its cards and report go. */
    platform: p.string().length(16),
    startedAt: p.datetime(),
    dueAt: p.datetime(),
    state: p.string().length(16).$type<ReviewState>().default('open'),
    closedAt: p.datetime().strictNullable(),
    /** Who closed it; null when it closed by its due date (the sweeper). */
    closedBy: () => p.manyToOne(PortalUser).deleteRule('cascade').strictNullable(),
    report: p.json<ReviewReport>().strictNullable(),
    /** Item id → where its card was posted (see `recordReviewCard`). */
    cards: p.json<Record<string, ReviewCardRef>>(),
    /** Reminders sent about unanswered items so far, and when the next is due (null: none). */
    remindersSent: p.integer().default(0),
    nextReminderAt: p.datetime().strictNullable(),
    version: p.integer().version(),
  },
});

/**
 * An access review: every holder of one permission of an account, listed for the
 * Administrators to keep or revoke until it is closed (by hand or at `dueAt`), exactly once.
 */
export class AccessReview extends AccessReviewSchema.class {
  constructor() {
    super();
    this.id = newShortRefId();
    this.state = 'open';
    this.closedAt = null;
    this.closedBy = null;
    this.report = null;
    this.cards = {};
    this.remindersSent = 0;
    this.nextReminderAt = null;
  }
}

AccessReviewSchema.setClass(AccessReview);
