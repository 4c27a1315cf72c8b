import type { EntityManager } from '@mikro-orm/core';
import type { DeliveryLedger } from './delivery-ledger.js';

/** What claiming a submission found: ours to carry out, being carried out elsewhere, or done (with what it kept). */
export type SubmissionClaim<R> = { kind: 'claimed' } | { kind: 'pending' } | { kind: 'done'; result: R | null };

/** How long a submission may run before another attempt may take it over (a crashed process). */
const PENDING_TTL_MS = 2 * 60_000;
const POLL_MS = 100;

/**
 * Form submissions carried out once (a Slack modal view, a Teams form card), on the persisted
 * once-only ledger: claimed while one runs, marked done (with what repeats get, never a secret)
 * when it succeeded, released when it failed so that corrected values can be sent. A double click,
 * a retry or a replay, here or at another replica, after a restart too, never carries it out again.
 */
export class SubmissionLedger<R = unknown> {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly platform: 'slack' | 'teams',
    /** How long a carried-out submission stays carried out. */
    private readonly doneTtlMs: number,
    /** Before every key in the ledger (`form-card:`), so that submissions never meet deliveries. */
    private readonly prefix = '',
  ) {}

  /** Takes the submission `key`; while another attempt holds it, waits up to `waitMs` for its end. */
  async claim(key: string, waitMs = 0): Promise<SubmissionClaim<R>> {
    const giveUpAt = Date.now() + waitMs;
    for (;;) {
      const claim = await this.ledger.claim<R>(this.platform, this.prefix + key, PENDING_TTL_MS);
      if (claim.claimed) return { kind: 'claimed' };
      if (claim.state === 'done') return { kind: 'done', result: claim.result };
      if (Date.now() >= giveUpAt) return { kind: 'pending' };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The claimed submission was carried out: repeats get `result`. Through `em`: see DeliveryLedger.complete. */
  complete(key: string, result: R | null = null, em?: EntityManager): Promise<void> {
    return this.ledger.complete(this.platform, this.prefix + key, this.doneTtlMs, result, em);
  }

  /** The claimed submission was not carried out (invalid, refused, failed): it may be sent again. */
  release(key: string): Promise<void> {
    return this.ledger.release(this.platform, this.prefix + key);
  }

  /** What a carried-out submission kept, if it was carried out. */
  async lookup(key: string): Promise<R | undefined> {
    const held = await this.ledger.lookup<R>(this.platform, this.prefix + key);
    return held?.state === 'done' && held.result ? held.result : undefined;
  }
}
