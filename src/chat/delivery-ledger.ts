import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { sql } from 'kysely';
import { dateParam, jsonParam, writeRows } from '../db/sql-rows.js';
import { DeliveryClaim, type DeliveryState } from '../domain/entities/delivery-claim.js';
import { ClaimInserts } from './claim-inserts.js';

/** What claiming a delivery found: it is ours to carry out, or another attempt holds (or finished) it. */
export type DeliveryClaimOutcome<R = unknown> =
  { claimed: true } | { claimed: false; state: DeliveryState; result: R | null };

type Held<R> = { state: DeliveryState; result: R | null };

/** Slack retries a delivery within 5 minutes and accepts a signature 5 minutes old: 10 minutes covers both. */
export const DEFAULT_DELIVERY_TTL_MS = 10 * 60_000;

const MAX_STORED_KEY = 200;

/** Keys are stored as given, or as a digest when longer than the column (a button's command line). */
function storedKey(key: string): string {
  return key.length <= MAX_STORED_KEY ? key : `sha256:${createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * Once-only chat deliveries, in the database so that every process on it agrees: a Slack command
 * replayed after a restart, a retry that reaches another replica, a Teams form card submitted
 * twice. A delivery is claimed by inserting its row; the unique key (platform, delivery key)
 * refuses a second insert, whichever process makes it. Claims are written in parameterised SQL,
 * those of one turn of the event loop in one statement (claim-inserts.ts), since one is made
 * before every acknowledgement. Rows live for their lifetime only: an expired row no longer
 * counts and is swept (at most once a minute, by whichever process claims).
 * Platform-neutral: no chat SDK here.
 */
export class DeliveryLedger {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly inserts: ClaimInserts;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: { now(): Date },
    private readonly sweepEveryMs = 60_000,
  ) {
    this.inserts = new ClaimInserts(orm);
  }

  /** Claims a delivery for `ttlMs`; or says who has it. Two concurrent claims: exactly one wins. */
  async claim<R = unknown>(
    platform: string,
    key: string,
    ttlMs = DEFAULT_DELIVERY_TTL_MS,
  ): Promise<DeliveryClaimOutcome<R>> {
    await this.sweepIfDue();
    const deliveryKey = storedKey(key);
    for (let attempt = 0; attempt < 2; attempt++) {
      const claimedAt = this.clock.now();
      const expiresAt = new Date(claimedAt.getTime() + ttlMs);
      if (await this.inserts.insert(platform, deliveryKey, claimedAt, expiresAt)) return { claimed: true };
      const em = this.orm.em.fork();
      const held = await this.find<R>(em, platform, deliveryKey);
      if (held) return { claimed: false, ...held };
      // The row had expired (or was released meanwhile): out with it, and one more try.
      await em.nativeDelete(DeliveryClaim, { platform, deliveryKey, expiresAt: { $lte: this.clock.now() } });
    }
    // Lost the second race too: someone else holds it now.
    return { claimed: false, state: 'pending', result: null };
  }

  /** True the first time a delivery is seen within `ttlMs` (across processes and restarts). */
  async firstTime(platform: string, key: string, ttlMs = DEFAULT_DELIVERY_TTL_MS): Promise<boolean> {
    return (await this.claim(platform, key, ttlMs)).claimed;
  }

  /**
   * The claimed delivery was carried out: repeats get `result` until `ttlMs` from now. Written
   * through `em` when given (a change's transaction: it commits with the change or not at all).
   */
  async complete(
    platform: string,
    key: string,
    ttlMs: number,
    result: unknown = null,
    em: EntityManager = this.orm.em.fork(),
  ): Promise<void> {
    const expiresAt = dateParam(em, new Date(this.clock.now().getTime() + ttlMs));
    await writeRows(
      em,
      sql`update delivery_claims set state = 'done', result = ${jsonParam(result)}, expires_at = ${expiresAt}
        where platform = ${platform} and delivery_key = ${storedKey(key)}`,
    );
  }

  /** The claimed delivery was not carried out (invalid, failed): it may be tried again. */
  async release(platform: string, key: string): Promise<void> {
    await writeRows(
      this.orm.em.fork(),
      sql`delete from delivery_claims where platform = ${platform} and delivery_key = ${storedKey(key)} and state = 'pending'`,
    );
  }

  /** The delivery's current claim, if any and not expired. */
  async lookup<R = unknown>(platform: string, key: string): Promise<Held<R> | null> {
    return this.find<R>(this.orm.em.fork(), platform, storedKey(key));
  }

  /** Deletes expired claims; returns how many. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    this.lastSweep = now.getTime();
    return this.orm.em.fork().nativeDelete(DeliveryClaim, { expiresAt: { $lte: now } });
  }

  private async sweepIfDue(): Promise<void> {
    if (this.clock.now().getTime() - this.lastSweep >= this.sweepEveryMs) await this.sweep();
  }

  private async find<R>(em: EntityManager, platform: string, deliveryKey: string): Promise<Held<R> | null> {
    const where = { platform, deliveryKey, expiresAt: { $gt: this.clock.now() } };
    const row = await em.findOne(DeliveryClaim, where, { disableIdentityMap: true });
    return row ? { state: row.state, result: (row.result ?? null) as R | null } : null;
  }
}
