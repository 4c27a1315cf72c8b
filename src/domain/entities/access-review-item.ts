import { newShortRefId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { AccessReview } from './access-review.js';
import { PortalUser } from './portal-user.js';

export const REVIEW_DECISIONS = ['keep', 'revoke'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const AccessReviewItemSchema = defineEntity({
  name: 'AccessReviewItem',
  tableName: 'access_review_items',
  indexes: [{ properties: ['review'], name: 'access_review_items_review_index' }],
  properties: {
    id: p.uuid().primary(),
    review: () => p.manyToOne(AccessReview).deleteRule('cascade'),
    /** The user whose access is reviewed. */
    holder: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    /** The holder's value of the field when the review started (`pay`, `true`). */
    valueAtStart: p.string().length(16),
    decision: p.string().length(16).$type<ReviewDecision>().strictNullable(),
    decidedBy: () => p.manyToOne(PortalUser).deleteRule('cascade').strictNullable(),
    decidedAt: p.datetime().strictNullable(),
    /** What the decision did, e.g. "invoices lowered from pay to view". */
    outcome: p.text().strictNullable(),
    /** A revoke that found nothing to take away: the holder was deleted, or no longer held it. */
    nothingToRevoke: p.boolean().default(false),
    version: p.integer().version(),
  },
});

/** One holder of a reviewed permission: decided once (a conditional update on `decision` and `version`). */
export class AccessReviewItem extends AccessReviewItemSchema.class {
  constructor() {
    super();
    this.id = newShortRefId();
    this.decision = null;
    this.decidedBy = null;
    this.decidedAt = null;
    this.outcome = null;
    this.nothingToRevoke = false;
  }
}

AccessReviewItemSchema.setClass(AccessReviewItem);
