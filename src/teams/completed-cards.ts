import { BoundedCache } from './bounded-cache.js';
import type { AdaptiveCard } from './cards/elements.js';

type Entry = { state: 'pending' } | { state: 'done'; card: AdaptiveCard };

export type Claim = { kind: 'claimed' } | { kind: 'pending' } | { kind: 'done'; card: AdaptiveCard };

/**
 * Form cards that were submitted (or are being submitted), by card id: a second submission
 * of the same card, a double click or a retried delivery, changes nothing and gets the
 * confirmation again. In memory, bounded, for a week; the services' own checks (versions,
 * unique ids) cover what this forgets on a restart.
 */
export class CompletedCards {
  private readonly entries: BoundedCache<Entry>;

  constructor(
    maxEntries = 10_000,
    private readonly ttlMs = 7 * 24 * 3_600_000,
  ) {
    this.entries = new BoundedCache(maxEntries);
  }

  /** Takes the card for one submission, or says why it cannot be. */
  claim(cardId: string): Claim {
    const entry = this.entries.get(cardId);
    if (entry?.state === 'done') return { kind: 'done', card: entry.card };
    if (entry?.state === 'pending') return { kind: 'pending' };
    this.entries.set(cardId, { state: 'pending' }, 60_000);
    return { kind: 'claimed' };
  }

  /** The submission failed or was invalid: the card may be submitted again. */
  release(cardId: string): void {
    this.entries.delete(cardId);
  }

  complete(cardId: string, card: AdaptiveCard): void {
    this.entries.set(cardId, { state: 'done', card }, this.ttlMs);
  }

  lookup(cardId: string): AdaptiveCard | undefined {
    const entry = this.entries.get(cardId);
    return entry?.state === 'done' ? entry.card : undefined;
  }
}
