import { newId } from '../domain/ids.js';
import type { MikroORM } from '@mikro-orm/core';
import { sql } from 'kysely';
import { dateParam, selectRows } from '../db/sql-rows.js';

/** One claim's row, waiting to go in with the others of its turn of the event loop. */
interface WantedClaim {
  /** Platform and delivery key, as one string: what the batch and `returning` are matched by. */
  key: string;
  platform: string;
  deliveryKey: string;
  claimedAt: Date;
  expiresAt: Date;
  inserted(made: boolean): void;
  failed(error: unknown): void;
}

/** Most rows one statement inserts: seven parameters each, far within either database's limit. */
const MOST_PER_STATEMENT = 64;

const keyOf = (platform: unknown, deliveryKey: unknown) => `${String(platform)}\n${String(deliveryKey)}`;
const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Inserts of once-only claims, made together. A claim is made before every acknowledgement, and
 * under load many are asked for in the same turn of the event loop: at its end (`setImmediate`)
 * they go in as one multi-row insert, so one statement and one commit instead of one of each per
 * claim. The unique key (platform, delivery key) still decides every claim on its own, across
 * processes too: a row that conflicts is skipped, and `returning` tells each claim whether its own
 * row went in. Two claims of the same key never share a statement; the later one waits for the
 * next. A failed statement fails every claim in it, as each would have failed alone.
 */
export class ClaimInserts {
  private waiting: WantedClaim[] = [];
  private scheduled = false;

  constructor(private readonly orm: MikroORM) {}

  /** Inserts the claim's row unless the key is held; true when this insert made it. */
  insert(platform: string, deliveryKey: string, claimedAt: Date, expiresAt: Date): Promise<boolean> {
    return new Promise((inserted, failed) => {
      const key = keyOf(platform, deliveryKey);
      this.waiting.push({ key, platform, deliveryKey, claimedAt, expiresAt, inserted, failed });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.insertWaiting());
  }

  private async insertWaiting(): Promise<void> {
    this.scheduled = false;
    const batch: WantedClaim[] = [];
    const keys = new Set<string>();
    const later: WantedClaim[] = [];
    for (const wanted of this.waiting) {
      if (batch.length >= MOST_PER_STATEMENT || keys.has(wanted.key)) later.push(wanted);
      else {
        keys.add(wanted.key);
        batch.push(wanted);
      }
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    try {
      const made = await this.insertRows(batch);
      for (const wanted of batch) wanted.inserted(made.has(wanted.key));
    } catch (error) {
      for (const wanted of batch) wanted.failed(error);
    }
  }

  /** The keys whose rows this statement inserted. */
  private async insertRows(batch: WantedClaim[]): Promise<Set<string>> {
    const em = this.orm.em.fork();
    // In key order: two replicas inserting overlapping keys then wait on each other's rows in the
    // same order, where PostgreSQL found a deadlock between two statements taking them in opposite ones.
    const ordered = [...batch].sort((a, b) => compareKeys(a.key, b.key));
    const values = ordered.map(
      (w) =>
        sql`(${newId()}, ${w.platform}, ${w.deliveryKey}, 'pending', null, ${dateParam(em, w.claimedAt)},
          ${dateParam(em, w.expiresAt)})`,
    );
    const rows = await selectRows(
      em,
      sql`insert into delivery_claims (id, platform, delivery_key, state, result, claimed_at, expires_at)
        values ${sql.join(values)} on conflict (platform, delivery_key) do nothing returning platform, delivery_key`,
    );
    return new Set(rows.map((row) => keyOf(row.platform, row.delivery_key)));
  }
}
