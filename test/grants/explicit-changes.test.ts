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

  it('user permissions changing the area stand; another area, or the level restated, leave the grant to return', async () => {
    const { acc, user } = await withGrants('rita', 'sam', 'uma');
    await setPermissions(sb.deps, acc.actor, { user: 'rita', permissions: { orders: 'hide' } });
    await setPermissions(sb.deps, acc.actor, { user: 'sam', permissions: { tickets: 'manage' } });
    // As the permissions form sends it: every area as shown, the granted level among them.
    const shown = { orders: 'manage', tickets: 'view', invoices: 'view', services: 'view' } as const;
    await setPermissions(sb.deps, acc.actor, { user: 'uma', permissions: shown, sites: [] });
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('hide'), sam: RETURNED, uma: RETURNED });
    const orders = await Promise.all(['rita', 'sam', 'uma'].map(async (id) => (await user(id)).orders));
    expect(orders).toEqual(['hide', 'view', 'view']);
    expect((await user('sam')).tickets).toBe('manage');
  });

  it('a temporary Administrator stays temporary when the permissions form or an export writes it back', async () => {
    const acc = await newAccount(sb);
    for (const userId of ['tom', 'viv']) {
      await addActor(sb, acc, { userId, email: `${userId}@example.com` }, 'regular');
      const input = { user: userId, permission: 'admin', durationMs: HOUR };
      await runOperation(sb.deps, acc.actor, giveGrantOperation, input);
    }
    // Tom: the permissions form as shown (Administrator ticked, by the grant), only the sites changed.
    await setPermissions(sb.deps, acc.actor, { user: 'tom', permissions: { administrator: true }, sites: [] });
    // Viv: a row of an export taken during the grant (Role admin, Administrator yes), a new phone.
    const csv = [
      'User ID,First Name,Last Name,Email,Phone,Role,Administrator',
      'viv,Test,User,viv@example.com,+17035550142,admin,yes',
    ];
    const origin = { platform: 'slack' as const, channel: 'D1' };
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'u.csv', content: csv.join('\n'), origin });
    expect(preview).toMatchObject({ toUpdate: 1, invalid: 0, administrators: 0 });
    expect((await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 })).kind).toBe('done');
    expect((await testRunner(sb.deps).runOnce())[0]).toMatchObject({ updated: 1 });
    await atTheEnd(acc);
    const users = await sb.orm.em
      .fork()
      .find(PortalUser, { account: acc.account.id, userIdKey: { $in: ['tom', 'viv'] } });
    expect(users.map((u) => [u.userId, u.administrator, u.phone])).toEqual(
      expect.arrayContaining([
        ['tom', false, '+17035550100'],
        ['viv', false, '+17035550142'],
      ]),
    );
  });

  it('a users import row that changes the area (its Orders column) stands; a row without it, one that restates the granted level, or one that changes nothing, leaves the grant to return', async () => {
    const { acc, user } = await withGrants('rita', 'sam', 'uma', 'vic');
    const csv = [
      'User ID,First Name,Last Name,Email,Phone,Orders',
      'rita,Test,User,rita@example.com,+17035550199,hide',
      'sam,Test,User,sam@example.com,+17035550101,',
      // As she is now (the grant's level included): an unchanged row applies nothing, so nothing is set.
      'uma,Test,User,uma@example.com,+17035550100,manage',
      // An export taken during the grant, with a new phone: the granted level written back sets nothing.
      'vic,Test,User,vic@example.com,+17035550102,manage',
    ].join('\n');
    const origin = { platform: 'slack' as const, channel: 'D1' };
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'users.csv', content: csv, origin });
    expect(preview).toMatchObject({ invalid: 0 });
    const confirmed = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: preview.total });
    expect(confirmed.kind).toBe('done');
    const [ran] = await testRunner(sb.deps).runOnce();
    expect(ran).toMatchObject({ state: 'done', updated: 3, unchanged: 1, failed: 0 });
    expect(await atTheEnd(acc)).toEqual({ rita: STANDS('hide'), sam: RETURNED, uma: RETURNED, vic: RETURNED });
    const orders = await Promise.all(['rita', 'sam', 'uma', 'vic'].map(async (id) => (await user(id)).orders));
    expect(orders).toEqual(['hide', 'view', 'view', 'view']);
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
