import type { ReviewDecided, ReviewDto } from '../../domain/dto/review-dto.js';
import type { Logger } from '../../lib/logger.js';
import { Topic } from '../approvals/events.js';

/**
 * Publish/subscribe for access reviews, for the chat adapters: `started` (a new review with its
 * items, to post each item's card on the platform it came from, then `recordReviewCard`),
 * `decided` (an item kept or revoked: update its card), `reminders` (open reviews with items
 * still unanswered, due a reminder) and `closed` (with the report, for the approvals channel).
 * Each subscribe returns its unsubscribe; a failing listener is logged and stops nothing.
 */
export class ReviewEvents {
  readonly started: Topic<ReviewDto>;
  readonly decided: Topic<ReviewDecided>;
  readonly reminders: Topic<ReviewDto>;
  readonly closed: Topic<ReviewDto>;

  constructor(logger: Pick<Logger, 'warn'>) {
    this.started = new Topic(logger, 'could not tell a platform about an access review that started');
    this.decided = new Topic(logger, 'could not tell a platform about an access review decision');
    this.reminders = new Topic(logger, 'could not remind the reviewers of a platform');
    this.closed = new Topic(logger, 'could not tell a platform about an access review that closed');
  }
}
