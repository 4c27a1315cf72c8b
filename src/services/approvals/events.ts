import type { Logger } from '../../lib/logger.js';
import type { GrantDto } from '../grants/grant-dto.js';
import type { ApprovalDto } from './approval-dto.js';

/** Told of approval requests that moved on: decided, carried out, failed or expired. */
export type ApprovalListener = (changed: ApprovalDto[]) => Promise<void>;
/** Told of time-boxed grants that ended (on time, by the sweeper), to tell their users. */
export type GrantEndListener = (ended: GrantDto[]) => Promise<void>;

/** One kind of event: its listeners, and what is logged when one of them fails. */
export class Topic<T> {
  private readonly listeners = new Set<(items: T[]) => Promise<void>>();

  constructor(
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly failure: string,
  ) {}

  subscribe(listener: (items: T[]) => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; one that fails is logged and never stops the others or the caller. */
  async publish(items: T[]): Promise<void> {
    if (items.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        await listener(items);
      } catch (error) {
        this.logger.warn({ err: error }, this.failure);
      }
    }
  }
}

/**
 * A small publish/subscribe for approval requests that changed, grants that ended and approvers
 * due a reminder. The services publish every decision and every sweep; each chat adapter
 * subscribes once when it is mounted and updates the cards and tells the people concerned on its
 * platform (the once-only ledger makes a second telling harmless). Listeners should hand slow
 * work to the background: a decision waits for `publish`.
 */
export class ApprovalEvents {
  private readonly changes: Topic<ApprovalDto>;
  private readonly grantEnds: Topic<GrantDto>;
  private readonly reminders: Topic<ApprovalDto>;

  constructor(logger: Pick<Logger, 'warn'>) {
    this.changes = new Topic(logger, 'could not tell a platform about approval requests that changed');
    this.grantEnds = new Topic(logger, 'could not tell a platform about grants that ended');
    this.reminders = new Topic(logger, 'could not remind the approvers of a platform');
  }

  /** Returns the unsubscribe. */
  subscribe(listener: ApprovalListener): () => void {
    return this.changes.subscribe(listener);
  }

  publish(changed: ApprovalDto[]): Promise<void> {
    return this.changes.publish(changed);
  }

  /** Grant ends, as approval changes: returns the unsubscribe. */
  subscribeGrantEnds(listener: GrantEndListener): () => void {
    return this.grantEnds.subscribe(listener);
  }

  publishGrantEnds(ended: GrantDto[]): Promise<void> {
    return this.grantEnds.publish(ended);
  }

  /** Pending requests whose approvers are due a reminder: returns the unsubscribe. */
  subscribeReminders(listener: ApprovalListener): () => void {
    return this.reminders.subscribe(listener);
  }

  publishReminders(due: ApprovalDto[]): Promise<void> {
    return this.reminders.publish(due);
  }
}
