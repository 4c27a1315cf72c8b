import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import type { GrantDto } from '../../src/domain/dto/grant-dto.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { submitOperation } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import { endDueGrants } from '../../src/services/grants/end.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { refuseChangesTo } from './support/failing-end.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** An account with two regular users, each given orders:manage for an hour by its Administrator. */
async function twoGrants() {
  const acc = await newAccount(sb);
  const give = async (userId: string) => {
    await addActor(sb, acc, { userId, email: `${userId}@example.com` }, 'read-only');
    const out = await submitOperation(sb.deps, acc.actor as Actor, {
      name: 'grant.give',
      input: { user: userId, permission: 'orders:manage', durationMs: HOUR },
    });
    if (out.kind !== 'done') throw new Error('a grant of orders is given at once');
    return out.result;
  };
  const orders = async (userId: string) =>
    (await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId })).orders;
  return { acc, first: await give('fay'), second: await give('gus'), orders };
}

/** What the grant-end listeners were told, from now until the test ends. */
function announced(): GrantDto[] {
  const told: GrantDto[] = [];
  const stop = sb.deps.approvalEvents.subscribeGrantEnds(async (ended) => void told.push(...ended));
  onTestFinished(() => void stop());
  return told;
}

describe('the grant sweep', () => {
  it('a grant whose end fails is logged and tried again next sweep; the others end and are announced', async () => {
    const { first, second, orders } = await twoGrants();
    const told = announced();
    const lift = await refuseChangesTo(sb, first.id);
    onTestFinished(lift);
    sb.clock.advance(HOUR + 1_000);
    try {
      await new ApprovalSweeper(sb.deps, sb.deps.logger).runOnce();
      expect(told.map((g) => g.id)).toContain(second.id);
      expect(told.map((g) => g.id)).not.toContain(first.id);
      expect([await orders('fay'), await orders('gus')]).toEqual(['manage', 'view']);
      const stillActive = await sb.orm.em.fork().findOneOrFail(Grant, { id: first.id });
      expect(stillActive.state).toBe('active');
      expect(sb.logs.join('')).toContain('could not end a time-boxed grant; the next sweep tries again');
      expect(sb.logs.join('')).toContain(first.id);

      await lift();
      const next = await endDueGrants(sb.deps);
      expect(next.map((g) => g.id)).toEqual([first.id]);
      expect(await orders('fay')).toBe('view');
    } finally {
      sb.clock.advance(-(HOUR + 1_000));
    }
  });

  it('sweeps at once when started, not only after its first interval: grants overdue at a restart end promptly', async () => {
    const { first, second, orders } = await twoGrants();
    sb.clock.advance(HOUR + 1_000);
    const sweeper = new ApprovalSweeper(sb.deps, sb.deps.logger, HOUR);
    try {
      sweeper.start();
      await vi.waitFor(async () => expect([await orders('fay'), await orders('gus')]).toEqual(['view', 'view']), {
        timeout: 5_000,
      });
      const grants = await sb.orm.em.fork().find(Grant, { id: { $in: [first.id, second.id] } });
      expect(grants.map((g) => g.state)).toEqual(['ended', 'ended']);
    } finally {
      await sweeper.stop();
      sb.clock.advance(-(HOUR + 1_000));
    }
  });
});
