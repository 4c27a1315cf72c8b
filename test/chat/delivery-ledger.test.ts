import type { MikroORM } from '@mikro-orm/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaimInserts } from '../../src/chat/claim-inserts.js';
import { DeliveryLedger } from '../../src/chat/delivery-ledger.js';
import { openDatabase } from '../../src/db/orm.js';
import { DeliveryClaim } from '../../src/domain/entities/delivery-claim.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

let sb: TestSwitchboard;
/** A second connection pool on the same database, as another replica has (PostgreSQL); the same one on in-memory SQLite. */
let other: MikroORM;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  other = onPostgres ? await openDatabase(sb.database, { migrate: false }) : sb.orm;
});
afterAll(async () => {
  if (other && other !== sb.orm) await other.close(true);
  await sb?.close();
});

let n = 0;
const key = () => `trigger-${++n}-${Math.random().toString(36).slice(2)}`;
const MINUTE = 60_000;

describe('the once-only ledger', () => {
  it('a delivery is claimed once; after it expires it may be claimed again', async () => {
    const ledger = new DeliveryLedger(sb.orm, sb.clock);
    const k = key();
    expect(await ledger.firstTime('slack', k, 10 * MINUTE)).toBe(true);
    expect(await ledger.claim('slack', k)).toEqual({ claimed: false, state: 'pending', result: null });
    expect(await ledger.firstTime('teams', k), 'another platform, another key').toBe(true);
    sb.clock.advance(10 * MINUTE + 1);
    expect(await ledger.firstTime('slack', k, 10 * MINUTE)).toBe(true);
  });

  it("a second ledger (a restart, or another replica with its own connection) sees the first one's claims", async () => {
    const k = key();
    expect(await new DeliveryLedger(sb.orm, sb.clock).firstTime('slack', k)).toBe(true);
    expect(await new DeliveryLedger(other, sb.clock).firstTime('slack', k)).toBe(false);
  });

  it('of many simultaneous claims of one delivery from two replicas, exactly one wins', async () => {
    const k = key();
    const ledgers = [new DeliveryLedger(sb.orm, sb.clock), new DeliveryLedger(other, sb.clock)];
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_v, i) => ledgers[i % 2]!.firstTime('teams', k)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });

  it('completed: repeats get the stored result; released: it may be claimed again', async () => {
    const ledger = new DeliveryLedger(sb.orm, sb.clock);
    const done = key();
    await ledger.claim('teams', done, MINUTE);
    await ledger.complete('teams', done, 7 * 24 * 60 * MINUTE, { type: 'AdaptiveCard', body: [] });
    expect(await ledger.claim('teams', done)).toEqual({
      claimed: false,
      state: 'done',
      result: { type: 'AdaptiveCard', body: [] },
    });
    expect(await ledger.lookup('teams', done)).toEqual({ state: 'done', result: { type: 'AdaptiveCard', body: [] } });
    await ledger.release('teams', done);
    expect((await ledger.lookup('teams', done))?.state, 'release leaves a completed delivery alone').toBe('done');

    const failed = key();
    await ledger.claim('teams', failed);
    await ledger.release('teams', failed);
    expect(await ledger.lookup('teams', failed)).toBeNull();
    expect(await ledger.firstTime('teams', failed)).toBe(true);
  });

  it('long keys are kept as a digest; expired rows are swept', async () => {
    const ledger = new DeliveryLedger(sb.orm, sb.clock, MINUTE);
    const long = `button:U1:1700000000.000100:${'user reset-password someone '.repeat(20)}`;
    expect(await ledger.firstTime('slack', long, 2_000)).toBe(true);
    expect(await ledger.firstTime('slack', long, 2_000)).toBe(false);
    const em = sb.orm.em.fork();
    expect(await em.count(DeliveryClaim, { deliveryKey: { $like: 'sha256:%' } })).toBeGreaterThan(0);
    sb.clock.advance(2 * MINUTE);
    const before = await em.count(DeliveryClaim, {});
    expect(await ledger.firstTime('slack', key(), MINUTE)).toBe(true);
    const expired = await em.count(DeliveryClaim, { expiresAt: { $lte: sb.clock.now() } });
    expect(expired, 'the claim swept the expired rows first').toBe(0);
    expect(await em.count(DeliveryClaim, {})).toBeLessThan(before + 1);
  });

  it('claims asked for in one turn go in as one statement, each decided on its own key', async () => {
    const statements = vi.spyOn(
      ClaimInserts.prototype as unknown as { insertRows(rows: unknown[]): unknown },
      'insertRows',
    );
    try {
      const ledger = new DeliveryLedger(sb.orm, sb.clock);
      const keys = Array.from({ length: 30 }, key);
      const held = keys[0]!;
      expect(await ledger.firstTime('slack', held)).toBe(true);
      statements.mockClear();
      // The 30 keys, a second claim of five of them, and the one already held, all in the same turn.
      const asked = [...keys, ...keys.slice(0, 5)];
      const outcomes = await Promise.all(asked.map((k) => ledger.firstTime('slack', k)));
      expect(outcomes.slice(5, 30), 'each key asked for once: won').toEqual(keys.slice(5).map(() => true));
      // A key asked for twice waits for the next statement; on PostgreSQL the two statements may run
      // at once on two connections, so either may win it, but exactly one does (none: the held one).
      const wins = keys.slice(0, 5).map((_k, i) => [outcomes[i], outcomes[30 + i]].filter(Boolean).length);
      expect(wins).toEqual([0, 1, 1, 1, 1]);
      expect(statements.mock.calls.map(([rows]) => rows.length)).toEqual([30, 5]);
    } finally {
      statements.mockRestore();
    }
  });

  it('a statement that fails fails each claim in it; the next turn claims as usual', async () => {
    const ledger = new DeliveryLedger(sb.orm, sb.clock);
    // The first claim of a ledger sweeps first: done before, so that the three below go in one turn.
    expect(await ledger.firstTime('slack', key())).toBe(true);
    const failing = vi
      .spyOn(ClaimInserts.prototype as unknown as { insertRows(): Promise<unknown> }, 'insertRows')
      .mockRejectedValueOnce(new Error('database is locked'));
    try {
      const keys = [key(), key(), key()];
      const outcomes = await Promise.allSettled(keys.map((k) => ledger.firstTime('slack', k)));
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(await Promise.all(keys.map((k) => ledger.firstTime('slack', k)))).toEqual([true, true, true]);
    } finally {
      failing.mockRestore();
    }
  });

  it('any mix of simultaneous claims, at two replicas: exactly one wins each new key, none wins a held one', async () => {
    const ledgers = [new DeliveryLedger(sb.orm, sb.clock), new DeliveryLedger(other, sb.clock)];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 7 }), at: fc.integer({ min: 0, max: 1 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]),
        async (claims, heldBefore) => {
          const names = Array.from({ length: 8 }, key);
          for (const i of heldBefore) await ledgers[0]!.firstTime('teams', names[i]!);
          const won = await Promise.all(claims.map((c) => ledgers[c.at]!.firstTime('teams', names[c.key]!)));
          for (let i = 0; i < 8; i++) {
            const wins = won.filter((w, j) => w && claims[j]!.key === i).length;
            const asked = claims.some((c) => c.key === i);
            expect(wins).toBe(asked && !heldBefore.includes(i) ? 1 : 0);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
