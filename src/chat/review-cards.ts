import type { ReviewDecided, ReviewDto, ReviewItemDto } from '../domain/dto/review-dto.js';
import type { Actor, Platform } from '../services/context.js';
import { approvalChannelOf } from '../services/approvals/index.js';
import { recordReviewCard } from '../services/reviews/index.js';
import {
  itemCard,
  reviewProgressReply,
  reviewReminderNotice,
  reviewReport,
} from '../../views/replies/review-replies.js';
import { info, type Reply } from '../../views/reply.js';
import type { ChatAdapterState } from './adapter-state.js';
import type { MessagePort } from './message-port.js';

/** One item's card as posted in the approvals channel: the holder, and Keep and Revoke or the decision. */
const itemReply = (review: ReviewDto, item: ReviewItemDto): Reply =>
  info(`Access review of ${review.permission}: ${item.holder.name} (${item.holder.userId})`, itemCard(review, item));

/**
 * An access review's cards in the approvals channel of the platform it was started from: a
 * header, then one card per holder with Keep and Revoke (each card's place recorded with the
 * review), each card updated for everyone when its item is decided, reminders about unanswered
 * items, and the report when it closes. Without an approvals channel there are no cards; the one
 * who started it answers from the list `review` shows.
 */
export class ReviewCards {
  constructor(
    private readonly state: ChatAdapterState,
    private readonly port: MessagePort,
  ) {}

  /** Subscribes to the services' review events; the work is done in the background. Returns the unsubscribe. */
  subscribe(): () => void {
    const events = this.state.deps.reviewEvents;
    const later =
      <T>(what: string, work: (items: T[]) => Promise<void>) =>
      async (items: T[]) =>
        this.state.background.later(what, () => work(items));
    const stops = [
      events.started.subscribe(
        later('review cards', (reviews: ReviewDto[]) => this.each(reviews, (r) => this.post(r))),
      ),
      events.decided.subscribe(later('review decision', (decided: ReviewDecided[]) => this.decided(decided))),
      events.reminders.subscribe(
        later('review reminders', (reviews: ReviewDto[]) => this.each(reviews, (r) => this.remind(r))),
      ),
      events.closed.subscribe(
        later('review report', (reviews: ReviewDto[]) => this.each(reviews, (r) => this.closed(r))),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }

  private mine(review: ReviewDto): boolean {
    return review.platform === this.state.platform;
  }

  private owner(review: ReviewDto): Actor {
    return { userId: review.startedBy.id, platform: this.state.platform as Platform };
  }

  private async each(reviews: ReviewDto[], work: (review: ReviewDto) => Promise<void>): Promise<void> {
    for (const review of reviews.filter((r) => this.mine(r))) {
      try {
        await work(review);
      } catch (error) {
        this.state.logger.error({ err: error, review: review.id }, 'access review cards failed');
      }
    }
  }

  private channelOf(review: ReviewDto) {
    return approvalChannelOf(this.state.deps, review.accountId, this.state.platform);
  }

  /** A new review: its header, then a card per holder, each card's place recorded. */
  private async post(review: ReviewDto): Promise<void> {
    const place = await this.channelOf(review);
    if (!place) {
      this.state.logger.info({ review: review.id }, 'access review: no approvals channel on this platform; no cards');
      return;
    }
    const header = reviewProgressReply({ ...review, items: [] });
    await this.port.post(place, header, this.owner(review));
    for (const item of review.items) {
      const posted = await this.port.post(place, itemReply(review, item), this.owner(review));
      if (posted) await recordReviewCard(this.state.deps, item.id, { platform: this.state.platform, ...posted });
    }
  }

  /** An item decided (from a card, a command, any platform): its card updated for everyone. */
  private async decided(decided: ReviewDecided[]): Promise<void> {
    for (const { review, item } of decided.filter((d) => this.mine(d.review))) await this.updateCard(review, item);
  }

  private async updateCard(review: ReviewDto, item: ReviewItemDto): Promise<void> {
    const card = review.cards[item.id];
    if (!card || card.platform !== this.state.platform || !card.message) return;
    const posted = { channel: card.channel, message: card.message, ...(card.extra ? { extra: card.extra } : {}) };
    await this.port.update(posted, itemReply(review, item), this.owner(review));
  }

  private async remind(review: ReviewDto): Promise<void> {
    const place = await this.channelOf(review);
    if (place) await this.port.post(place, reviewReminderNotice(review), this.owner(review));
  }

  /** Closed: the report in the approvals channel, and the cards still unanswered say so (no buttons). */
  private async closed(review: ReviewDto): Promise<void> {
    const place = await this.channelOf(review);
    if (place) await this.port.post(place, reviewReport(review), this.owner(review));
    for (const item of review.items.filter((i) => !i.decision)) await this.updateCard(review, item);
  }
}
