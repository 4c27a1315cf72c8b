import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantDto } from '../../src/domain/dto/grant-dto.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { endDueGrants } from '../../src/services/grants/end.js';
import { giveGrantOperation, revokeGrantOperation } from '../../src/services/grants/operations.js';
import { confirmImport } from '../../src/services/imports/confirm.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { revokeItemOperation, startReviewOperation, type ReviewDto } from '../../src/services/reviews/index.js';
import { runOperation } from '../../src/services/run.js';
import { setPermissions } from '../../src/services/users/profile.js';
import { testRunner } from '../imports/support/csv.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestAccount } from '../support/switchboard.js';
import type { TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** An account whose regular users (Orders: view, Tickets: view) each get orders:manage for an hour from Ada. */
async function withGrants(...userIds: string[]) {
  const acc = await newAccount(sb);
  const grants: Record<string, GrantDto> = {};
  for (const userId of userIds) {
    await addActor(sb, acc, { userId, email: `${userId}@example.com` }, 'read-only');
    const input = { user: userId, permission: 'orders:manage', durationMs: HOUR };
    grants[userId] = await runOperation(sb.deps, acc.actor, giveGrantOperation, input);
  }
  const user = (userId: string) =>
    sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });
  return { acc, grants, user };
}

/** Ends this account's grants at their time; the clock goes back after. */
async function atTheEnd(acc: TestAccount): Promise<Record<string, string | null>> {
  sb.clock.advance(HOUR + 1_000);
  try {
    await endDueGrants(sb.deps);
  } finally {
    sb.clock.advance(-(HOUR + 1_000));
  }
  const grants = await sb.orm.em.fork().find(Grant, { account: acc.account.id }, { populate: ['user'] });
  return Object.fromEntries(grants.map((g) => [g.user.userId, g.outcome]));
}

const STANDS = (now: string) =>
  `Ended on time; an Administrator, Ada Admin, changed this area since (now ${now}), so that change stands.`;
const RETURNED = 'Ended on time; orders:manage returned to view.';

describe('an area set on purpose while a grant runs keeps what was set', () => {
  it('user permissions with a role: the role stands at the end, even where it gives the granted level', async () => {
    const { acc, user } = await withGrants('rita');
    await setPermissions(sb.deps, acc.actor, { user: 'rita', role: 'regular' });
    expect((await user('rita')).orders).toBe('manage');
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('manage') });
    expect((await user('rita')).orders).toBe('manage');
  });

  it('user permissions naming the area stand; naming another area leaves the grant to return', async () => {
    const { acc, user } = await withGrants('rita', 'sam');
    await setPermissions(sb.deps, acc.actor, { user: 'rita', permissions: { orders: 'manage' } });
    await setPermissions(sb.deps, acc.actor, { user: 'sam', permissions: { tickets: 'manage' } });
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('manage'), sam: RETURNED });
    expect([(await user('rita')).orders, (await user('sam')).orders]).toEqual(['manage', 'view']);
    expect((await user('sam')).tickets).toBe('manage');
  });

  it('a users import row that sets the area (its Orders column) stands; a row without it, or one that changes nothing, leaves the grant to return', async () => {
    const { acc, user } = await withGrants('rita', 'sam', 'uma');
    const csv = [
      'User ID,First Name,Last Name,Email,Phone,Orders',
      'rita,Test,User,rita@example.com,+17035550199,manage',
      'sam,Test,User,sam@example.com,+17035550101,',
      // As she is now (the grant's level included): an unchanged row applies nothing, so nothing is set.
      'uma,Test,User,uma@example.com,+17035550100,manage',
    ].join('\n');
    const origin = { platform: 'slack' as const, channel: 'D1' };
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'users.csv', content: csv, origin });
    expect(preview).toMatchObject({ invalid: 0 });
    const confirmed = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: preview.total });
    expect(confirmed.kind).toBe('done');
    const [ran] = await testRunner(sb.deps).runOnce();
    expect(ran).toMatchObject({ state: 'done', updated: 2, unchanged: 1, failed: 0 });
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('manage'), sam: RETURNED, uma: RETURNED });
    const orders = await Promise.all(['rita', 'sam', 'uma'].map(async (id) => (await user(id)).orders));
    expect(orders).toEqual(['manage', 'view', 'view']);
  });

  it("an access review's revoke of the granted permission stands", async () => {
    const { acc, user } = await withGrants('rita');
    const review = await runOperation<any, ReviewDto>(sb.deps, acc.actor, startReviewOperation, {
      permission: 'orders:manage',
    });
    const item = review.items.find((i) => i.holder.userId === 'rita')!;
    await runOperation(sb.deps, acc.actor, revokeItemOperation, { item: item.id });
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('view') });
    expect((await user('rita')).orders).toBe('view');
  });

  it('a revoke after such a change leaves the area too, and says so', async () => {
    const { acc, grants, user } = await withGrants('rita');
    await setPermissions(sb.deps, acc.actor, { user: 'rita', role: 'regular' });
    const revoked = await runOperation(sb.deps, acc.actor, revokeGrantOperation, { grant: grants.rita!.id });
    expect(revoked.outcome).toBe(
      'Revoked by Ada Admin; an Administrator, Ada Admin, changed this area since (now manage), so that change stands.',
    );
    expect((await user('rita')).orders).toBe('manage');
  });
});
