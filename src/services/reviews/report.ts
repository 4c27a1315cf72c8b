import type { EntityManager } from '@mikro-orm/core';
import type { ReviewDto } from '../../domain/dto/review-dto.js';
import type { AccessReview, ReviewReport, ReviewReportNewHolder } from '../../domain/entities/access-review.js';
import { parseGrantPermission, type GrantPermission } from '../../domain/grant-permissions.js';
import { holdersOf } from './holders.js';

/**
 * Who holds the review's permission now (as `review start` counts holders) but had no item: they
 * gained it while the review was open, so it decided nothing about them. In User ID order.
 */
export async function gainedSince(em: EntityManager, review: AccessReview, open: ReviewDto) {
  const permission = parseGrantPermission(review.permission) as GrantPermission;
  const reviewed = open.items.map((i) => i.holder.id);
  const holders = await holdersOf(em, review.account.id, permission, reviewed);
  return holders.map((u): ReviewReportNewHolder => ({
    userId: u.userId,
    name: u.name,
    email: u.email,
    value: String(u[permission.field]),
  }));
}

/**
 * What a review found, from its items as they are now: counts, who decided each, and who gained
 * the permission since it started (`gainedSince`).
 */
export function reportOf(review: ReviewDto, closedBy: string, newHolders: ReviewReportNewHolder[]): ReviewReport {
  return {
    ...review.counts,
    closedBy,
    lines: review.items.map((i) => ({
      itemId: i.id,
      userId: i.holder.userId,
      name: i.holder.name,
      email: i.holder.email,
      valueAtStart: i.valueAtStart,
      decision: i.decision,
      decidedBy: i.decidedBy ? `${i.decidedBy.name} (${i.decidedBy.userId})` : null,
      decidedAt: i.decidedAt ? i.decidedAt.toISOString() : null,
      outcome: i.outcome,
      nothingToRevoke: i.nothingToRevoke,
    })),
    gainedSince: newHolders,
  };
}
