import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
