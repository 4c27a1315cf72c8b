import type { DeliveryLedger } from '../chat/delivery-ledger.js';
import type { AdaptiveCard } from './cards/elements.js';

export type Claim = { kind: 'claimed' } | { kind: 'pending' } | { kind: 'done'; card: AdaptiveCard };

/** How long a completed form card stays completed (its message can be refreshed or clicked for that long). */
const DONE_TTL_MS = 7 * 24 * 3_600_000;
/** How long a submission may run before another attempt may take the card over (a crashed process). */
const PENDING_TTL_MS = 2 * 60_000;

const keyOf = (cardId: string) => `form-card:${cardId}`;

/**
 * Form cards that were submitted (or are being submitted), by card id, in the once-only ledger
 * (the database): a second submission of the same card, a double click, a retried delivery, at
 * this bot or another one on the database, after a restart too, changes nothing and gets the
 * confirmation again. What is kept is the card everyone sees, never a secret.
 */
export class CompletedCards {
  constructor(private readonly ledger: DeliveryLedger) {}

  /** Takes the card for one submission, or says why it cannot be. */
  async claim(cardId: string): Promise<Claim> {
    const claim = await this.ledger.claim<AdaptiveCard>('teams', keyOf(cardId), PENDING_TTL_MS);
    if (claim.claimed) return { kind: 'claimed' };
    return claim.state === 'done' && claim.result ? { kind: 'done', card: claim.result } : { kind: 'pending' };
  }

  /** The submission failed or was invalid: the card may be submitted again. */
  async release(cardId: string): Promise<void> {
    await this.ledger.release('teams', keyOf(cardId));
  }

  async complete(cardId: string, card: AdaptiveCard): Promise<void> {
    await this.ledger.complete('teams', keyOf(cardId), DONE_TTL_MS, card);
  }

  async lookup(cardId: string): Promise<AdaptiveCard | undefined> {
    const held = await this.ledger.lookup<AdaptiveCard>('teams', keyOf(cardId));
    return held?.state === 'done' && held.result ? held.result : undefined;
  }
}
