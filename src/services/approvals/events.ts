import type { Logger } from '../../lib/logger.js';
import type { GrantDto } from '../grants/grant-dto.js';
import type { ApprovalDto } from './approval-dto.js';

/** Told of approval requests that moved on: decided, carried out, failed or expired. */
export type ApprovalListener = (changed: ApprovalDto[]) => Promise<void>;
/** Told of time-boxed grants that ended (on time, by the sweeper), to tell their users. */
export type GrantEndListener = (ended: GrantDto[]) => Promise<void>;

/**
 * A small publish/subscribe for approval requests that changed. The services publish every
 * decision and every sweep; each chat adapter subscribes once when it is mounted and updates
 * the cards and tells the requesters of the requests that belong to it (the once-only ledger
 * makes a second telling harmless). Listeners should hand slow work to the background: a
 * decision waits for `publish`.
 */
export class ApprovalEvents {
  private readonly listeners = new Set<ApprovalListener>();
  private readonly grantListeners = new Set<GrantEndListener>();
  private readonly reminderListeners = new Set<ApprovalListener>();

  constructor(private readonly logger: Pick<Logger, 'warn'>) {}

  /** Returns the unsubscribe. */
  subscribe(listener: ApprovalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; one that fails is logged and never stops the others or the caller. */
  async publish(changed: ApprovalDto[]): Promise<void> {
    if (changed.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        await listener(changed);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not tell a platform about approval requests that changed');
      }
    }
  }

  /** Grant ends, as approval changes: returns the unsubscribe. */
  subscribeGrantEnds(listener: GrantEndListener): () => void {
    this.grantListeners.add(listener);
    return () => this.grantListeners.delete(listener);
  }

  async publishGrantEnds(ended: GrantDto[]): Promise<void> {
    if (ended.length === 0) return;
    for (const listener of [...this.grantListeners]) {
      try {
        await listener(ended);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not tell a platform about grants that ended');
      }
    }
  }

  /** Pending requests whose approvers are due a reminder: returns the unsubscribe. */
  subscribeReminders(listener: ApprovalListener): () => void {
    this.reminderListeners.add(listener);
    return () => this.reminderListeners.delete(listener);
  }

  async publishReminders(due: ApprovalDto[]): Promise<void> {
    if (due.length === 0) return;
    for (const listener of [...this.reminderListeners]) {
      try {
        await listener(due);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not remind the approvers of a platform');
      }
    }
  }
}
