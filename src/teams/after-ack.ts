import { BackgroundWork } from '../chat/background.js';
import type { Logger } from '../lib/logger.js';

/** Turns answered as they begin, at most, at once: beyond it a turn is answered when it ends. */
export const TURNS_AFTER_ACK = 128;

/** Whether an activity's HTTP answer carries nothing (200): not an invoke, and no replies expected in the body. */
export function answersNothing(activity: Record<string, unknown>): boolean {
  return activity.type !== 'invoke' && activity.deliveryMode !== 'expectReplies';
}

/**
 * Turns whose activity is answered (200) as they begin: a message's replies are posted to the Bot
 * Connector, a call across the internet that the channel's request need not wait for. At most
 * `limit` at once. When they are all taken, a turn is answered when it ends, as before, so that a
 * sender faster than the bot is slowed down instead of piling up work. Tracked: stopping, and
 * tests, wait for them (`idle()`).
 */
export class TurnsAfterAck {
  private readonly work: BackgroundWork;
  private running = 0;

  constructor(
    logger: Logger,
    readonly limit = TURNS_AFTER_ACK,
  ) {
    this.work = new BackgroundWork(logger);
  }

  /** Whether a turn may be answered as it begins now. */
  hasRoom(): boolean {
    return this.running < this.limit;
  }

  /** Runs `turn`, counted until it ends; its failure is the caller's. */
  async run(turn: () => Promise<void>): Promise<void> {
    this.running += 1;
    try {
      await this.work.during(turn);
    } finally {
      this.running -= 1;
    }
  }

  /** Resolves when no turn is left running. */
  idle(): Promise<void> {
    return this.work.idle();
  }
}
