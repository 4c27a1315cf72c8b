import type {
  ReviewCardRef,
  ReviewReport,
  ReviewReportLine,
  ReviewReportNewHolder,
  ReviewState,
} from '../entities/access-review.js';
import type { ReviewDecision } from '../entities/access-review-item.js';

export type { ReviewReport, ReviewReportLine, ReviewReportNewHolder };

/** Someone named in a review: a holder, who started, decided or closed it. */
export interface ReviewPerson {
  id: string;
  userId: string;
  name: string;
  email: string;
}

/** One holder of the reviewed permission, and the decision about them so far. */
export interface ReviewItemDto {
  id: string;
  /** The first 8 characters of the id: enough for `review keep|revoke`. */
  shortId: string;
  reviewId: string;
  holder: ReviewPerson;
  /** The holder's value of the field when the review started (`pay`, `true`). */
  valueAtStart: string;
  decision: ReviewDecision | null;
  decidedBy: ReviewPerson | null;
  decidedAt: Date | null;
  /** What the decision did (`invoices lowered from pay to view`), null while unanswered. */
  outcome: string | null;
  /** A revoke that found nothing to take away: the holder was deleted, or no longer held it. */
  nothingToRevoke: boolean;
}

/**
 * How many items were kept, revoked (the permission taken away), revoked with nothing to take
 * away (the holder deleted or lowered since), and are still unanswered.
 */
export interface ReviewCounts {
  kept: number;
  revoked: number;
  nothingToRevoke: number;
  unanswered: number;
}

/** An access review as the services return it. */
export interface ReviewDto {
  id: string;
  shortId: string;
  accountId: string;
  /** As written: `admin`, `invoices:pay`. */
  permission: string;
  /** Where it was started: its cards and report go to that platform. */
  platform: string;
  startedBy: ReviewPerson;
  startedAt: Date;
  dueAt: Date;
  state: ReviewState;
  closedAt: Date | null;
  /** Null while open, and when it closed by its due date. */
  closedBy: ReviewPerson | null;
  counts: ReviewCounts;
  /** Ordered by the holders' User IDs. */
  items: ReviewItemDto[];
  /** Set once closed. */
  report: ReviewReport | null;
  /** Item id → where its card was posted (see `recordReviewCard`). */
  cards: Record<string, ReviewCardRef>;
}

/** A decision, as published: the review after it, and the item decided. */
export interface ReviewDecided {
  review: ReviewDto;
  item: ReviewItemDto;
}
