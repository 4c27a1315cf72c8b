import type { AccessReviewItem } from '../../domain/entities/access-review-item.js';
import type { AccessReview } from '../../domain/entities/access-review.js';
import type { ReviewDto, ReviewItemDto, ReviewPerson } from '../../domain/dto/review-dto.js';

export type { ReviewDto, ReviewItemDto };

type Person = { id: string; userId: string; name: string; email: string };
const person = (u: Person): ReviewPerson => ({ id: u.id, userId: u.userId, name: u.name, email: u.email });

export function toReviewItemDto(item: AccessReviewItem): ReviewItemDto {
  return {
    id: item.id,
    shortId: item.id.slice(0, 8),
    reviewId: item.review.id,
    holder: person(item.holder),
    valueAtStart: item.valueAtStart,
    decision: item.decision,
    decidedBy: item.decidedBy ? person(item.decidedBy) : null,
    decidedAt: item.decidedAt,
    outcome: item.outcome,
    nothingToRevoke: item.nothingToRevoke,
  };
}

/** A review with its items (holders and deciders loaded), items in User ID order. */
export function toReviewDto(review: AccessReview, items: AccessReviewItem[]): ReviewDto {
  const dtos = items.map(toReviewItemDto).sort((a, b) => a.holder.userId.localeCompare(b.holder.userId));
  const count = (d: ReviewItemDto['decision'], nothing = false) =>
    dtos.filter((i) => i.decision === d && i.nothingToRevoke === nothing).length;
  return {
    id: review.id,
    shortId: review.id.slice(0, 8),
    accountId: review.account.id,
    permission: review.permission,
    platform: review.platform,
    startedBy: person(review.startedBy),
    startedAt: review.startedAt,
    dueAt: review.dueAt,
    state: review.state,
    closedAt: review.closedAt,
    closedBy: review.closedBy ? person(review.closedBy) : null,
    counts: {
      kept: count('keep'),
      revoked: count('revoke'),
      nothingToRevoke: count('revoke', true),
      unanswered: count(null),
    },
    items: dtos,
    report: review.report,
    cards: { ...review.cards },
  };
}
