import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { loadApprovalPolicy } from '../../src/config.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import {
  decideApproval,
  expireApprovals,
  listApprovals,
  mayNeedApproval,
  policyOf,
  resumeApproved,
  setApprovalChannel,
  submitOperation,
} from '../../src/services/approvals/index.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { deleteUser, disableUser } from '../../src/services/users/state.js';
import { setPermissions } from '../../src/services/users/profile.js';
import { definitionOf } from '../../src/services/operations.js';
import { expectRefusal } from '../support/expect.js';
import {
  addActor,
  HOUR,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function twoAdmins(): Promise<TestAccount & { second: { userId: string; platform: 'teams' } }> {
  const acc = await newAccount(sb);
  const { actor } = await addActor(sb, acc, {
    userId: 'admin2',
    email: 'admin2@example.com',
    firstName: 'Bea',
    lastName: 'Second',
  });
  await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
  return { ...acc, second: { userId: actor.userId, platform: 'teams' } };
}

const stateOf = async (acc: TestAccount, userId: string) =>
  (await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId })).state;

describe('held changes', () => {
  it('a delete waits for another Administrator; the requester cannot approve it; the approval carries it out once', async () => {
    const acc = await twoAdmins();
    await setApprovalChannel(sb.deps, acc.actor, { platform: 'slack', channel: 'C0APPROVALS' });
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    expect(held).toMatchObject({
      kind: 'held',
      channel: { platform: 'slack', channel: 'C0APPROVALS' },
      approval: { state: 'pending', reason: 'deleting a user', targetName: 'victim', requester: { userId: 'admin1' } },
    });
    if (held.kind !== 'held') return;
    expect(held.approval.changes).toContainEqual({ field: 'state', before: 'enabled', after: 'deleted' });
    expect(await stateOf(acc, 'victim')).toBe('enabled');
    await expectRefusal(
      decideApproval(sb.deps, acc.actor, { request: held.approval.id, decision: 'approve' }),
      'APPROVAL.SELF',
    );
    const approved = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    expect(approved).toMatchObject({
      kind: 'decided',
      approval: { state: 'executed', decisions: [{ byName: 'Bea Second', decision: 'approve' }] },
    });
    expect(await stateOf(acc, 'victim')).toBe('deleted');
    const again = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    expect(again.kind).toBe('already-decided');
    const em = sb.orm.em.fork();
    const deletes = await em.find(AuditEvent, { accountId: acc.account.id, action: 'user.delete', outcome: 'success' });
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toMatchObject({
      actorName: 'Ada Admin',
      after: expect.objectContaining({ approvedBy: 'Bea Second', approvalRequest: held.approval.id }),
    });
    const trail = (
      await em.find(
        AuditEvent,
        { accountId: acc.account.id, targetType: 'approval' },
        { orderBy: { createdAt: 'asc' } },
      )
    ).map((e) => [e.action, e.outcome]);
    expect(trail).toEqual(
      expect.arrayContaining([
        ['approval.request', 'success'],
        ['approval.approve', 'refused'],
        ['approval.approve', 'success'],
      ]),
    );
  });

  it('deny needs a reason and tells it; nothing changes', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    expect(held.channel).toBeNull();
    await expectRefusal(
      decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'deny' }),
      'VALIDATION.INVALID',
      'reason',
    );
    const denied = await decideApproval(sb.deps, acc.second, {
      request: held.approval.id,
      decision: 'deny',
      reason: 'Still on the March project',
    });
    expect(denied).toMatchObject({
      kind: 'decided',
      approval: { state: 'denied', outcome: 'Denied by Bea Second: Still on the March project' },
    });
    expect(await stateOf(acc, 'victim')).toBe('enabled');
  });

  it('an approval is re-checked against the current state: a user deleted meanwhile fails cleanly with a message', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    await deleteUser(
      { ...sb.deps, settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: 'none' }) } },
      acc.second,
      { user: 'victim' },
    );
    const outcome = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    const changed =
      /could not be done: victim was changed after this request was made, so the approval no longer matches them/;
    expect(outcome).toMatchObject({
      kind: 'decided',
      approval: { state: 'failed', outcome: expect.stringMatching(changed) },
    });
  });

  it('an approval made as a requester who is no longer an Administrator says so about the requester', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    await setPermissions(sb.deps, acc.second, { user: 'admin1', permissions: { administrator: false } });
    const outcome = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    expect(outcome).toMatchObject({ kind: 'decided', approval: { state: 'failed' } });
    expect(outcome.approval.outcome).toBe(
      'Approved by Bea Second, but it could not be done: the requester Ada Admin (admin1) is no longer allowed ' +
        `to make this change (they are not an Administrator of ${acc.account.name} now), and it is made as them. ` +
        'Nothing was changed; if it is still wanted, an Administrator can make it.',
    );
    expect(await stateOf(acc, 'victim')).toBe('enabled');
  });

  it('an approval made as a requester who is no longer an enabled portal user says so about the requester', async () => {
    const acc = await twoAdmins();
    const { actor: rita } = await addActor(
      sb,
      acc,
      { userId: 'rita', email: 'rita@example.com', firstName: 'Rita', lastName: 'Reader' },
      'read-only',
    );
    const held = await submitOperation(sb.deps, rita, {
      name: 'access.request',
      input: { permission: 'orders:manage', reason: 'month end' },
    });
    if (held.kind !== 'held') throw new Error('expected held');
    await disableUser(sb.deps, acc.second, { user: 'rita' });
    const outcome = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    expect(outcome).toMatchObject({ kind: 'decided', approval: { state: 'failed' } });
    expect(outcome.approval.outcome).toBe(
      'Approved by Bea Second, but it could not be done: the requester Rita Reader (rita) is no longer ' +
        `an enabled portal user of ${acc.account.name}, and it is made as them. ` +
        'Nothing was changed; if it is still wanted, an Administrator can make it.',
    );
    const ritaNow = await sb.orm.em.fork().findOneOrFail(PortalUser, { id: rita.userId });
    expect(ritaNow).toMatchObject({ state: 'disabled', orders: 'view' });
  });

  it('an approval whose change can no longer be made says why: an email taken meanwhile', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, {
      name: 'invite.create',
      input: { email: 'boss@example.com', role: 'admin' },
    });
    if (held.kind !== 'held') throw new Error('expected held');
    await addActor(sb, acc, { userId: 'boss', email: 'boss@example.com' }, 'regular');
    const outcome = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
    const taken = /could not be done: boss@example.com is already the email of boss/;
    expect(outcome).toMatchObject({
      kind: 'decided',
      approval: { state: 'failed', outcome: expect.stringMatching(taken) },
    });
  });

  it('granting Administrator is held, other permission changes are not; a refused change is never held', async () => {
    const acc = await twoAdmins();
    const grant = await submitOperation(sb.deps, acc.actor, {
      name: 'user.permissions',
      input: { user: 'victim', role: 'admin' },
    });
    expect(grant).toMatchObject({ kind: 'held', approval: { reason: 'granting Administrator' } });
    if (grant.kind === 'held')
      expect(grant.approval.changes).toContainEqual({ field: 'administrator', before: 'No', after: 'Yes' });
    const plain = await submitOperation(sb.deps, acc.actor, {
      name: 'user.permissions',
      input: { user: 'victim', role: 'support' },
    });
    expect(plain).toMatchObject({ kind: 'done', result: { role: 'support' } });
    await expectRefusal(
      submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'nobody' } }),
      'USER.NOT_FOUND',
    );
    const admin = await submitOperation(sb.deps, acc.actor, {
      name: 'invite.create',
      input: { email: 'boss@example.com', role: 'admin' },
    });
    expect(admin.kind).toBe('held');
    const bulk = await submitOperation(sb.deps, acc.actor, {
      name: 'user.reset-password',
      input: { users: Array.from({ length: 11 }, () => 'victim') },
    });
    expect(bulk).toMatchObject({ kind: 'held', approval: { reason: 'a change to many users at once' } });
    expect((await listApprovals(sb.deps, acc.second, {})).total).toBe(3);
  });

  it('user add: a new Administrator is held (by role or by permission); anyone else is added at once, with no dry run', async () => {
    const acc = await twoAdmins();
    const person = (userId: string) => ({
      userId,
      firstName: 'New',
      lastName: 'Person',
      email: `${userId}@example.com`,
      phone: '+1 703 555 0100',
      sendSetupEmail: false,
    });
    const byRole = await submitOperation(sb.deps, acc.actor, {
      name: 'user.add',
      input: { ...person('boss1'), role: 'admin' },
    });
    expect(byRole).toMatchObject({ kind: 'held', approval: { reason: 'granting Administrator' } });
    const byPermission = await submitOperation(sb.deps, acc.actor, {
      name: 'user.add',
      input: { ...person('boss2'), role: 'regular', permissions: { administrator: true } },
    });
    expect(byPermission).toMatchObject({ kind: 'held', approval: { reason: 'granting Administrator' } });
    const add = definitionOf(sb.deps, 'user.add');
    const policy = policyOf(sb.deps);
    // The dry run is skipped only when the input shows it cannot be held; unreadable input still may be.
    expect(mayNeedApproval(policy, add, { ...person('plain'), role: 'regular' })).toBe(false);
    expect(mayNeedApproval(policy, add, { ...person('plain'), role: 'admin' })).toBe(true);
    expect(mayNeedApproval(policy, add, { ...person('plain'), role: 'emperor' })).toBe(true);
    expect(mayNeedApproval(policy, add, { ...person('plain'), permissions: { administrator: 'yes' } })).toBe(true);
    // Only the role and permissions are read to judge that; the change itself refuses the rest.
    const badPhone = { ...person('badphone'), phone: '12', role: 'regular' };
    expect(mayNeedApproval(policy, add, badPhone)).toBe(false);
    await expect(submitOperation(sb.deps, acc.actor, { name: 'user.add', input: badPhone })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID',
      fields: [{ field: 'phone' }],
    });
    expect(await stateOf(acc, 'badphone').catch(() => 'none')).toBe('none');
    const plain = await submitOperation(sb.deps, acc.actor, {
      name: 'user.add',
      input: { ...person('plain'), role: 'regular' },
    });
    expect(plain).toMatchObject({ kind: 'done', result: { userId: 'plain', role: 'regular' } });
    expect(await stateOf(acc, 'boss1').catch(() => 'none')).toBe('none');
  });

  it('expires after its lifetime: the sweeper marks it, a late click changes nothing', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    sb.clock.advance(24 * HOUR + 1);
    try {
      const expired = await expireApprovals(sb.deps);
      expect(expired.map((a) => a.id)).toContain(held.approval.id);
      expect(expired.find((a) => a.id === held.approval.id)).toMatchObject({ state: 'expired' });
      const late = await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' });
      expect(late.kind).toBe('already-decided');
      expect(await stateOf(acc, 'victim')).toBe('enabled');
    } finally {
      sb.clock.advance(-(24 * HOUR + 1));
    }
  });

  it('a click on a request past its expiry that the sweeper has not reached yet expires it', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    sb.clock.advance(25 * HOUR);
    try {
      expect(
        await decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' }),
      ).toMatchObject({ kind: 'expired', approval: { state: 'expired' } });
    } finally {
      sb.clock.advance(-25 * HOUR);
    }
  });

  it('with two approvals required, the first keeps it pending', async () => {
    const acc = await twoAdmins();
    const { actor: third } = await addActor(sb, acc, { userId: 'admin3', email: 'admin3@example.com' });
    const deps = {
      ...sb.deps,
      settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVALS_REQUIRED: '2' }) },
    };
    const held = await submitOperation(deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    expect(await decideApproval(deps, acc.second, { request: held.approval.id, decision: 'approve' })).toMatchObject({
      kind: 'decided',
      approval: { state: 'pending' },
    });
    expect(await decideApproval(deps, third, { request: held.approval.id, decision: 'approve' })).toMatchObject({
      kind: 'decided',
      approval: { state: 'executed' },
    });
  });

  it('a request approved but not carried out (a crash in between) is finished by the sweeper, once', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    const em = sb.orm.em.fork();
    await em.nativeUpdate(
      ApprovalRequest,
      { id: held.approval.id },
      {
        state: 'approved',
        decidedAt: sb.clock.now(),
        decisions: [
          {
            by: acc.second.userId,
            byName: 'Bea Second',
            decision: 'approve',
            reason: null,
            at: sb.clock.now().toISOString(),
          },
        ],
        version: 2,
      },
    );
    expect(await resumeApproved(sb.deps)).toEqual([]);
    sb.clock.advance(61_000);
    const resumed = await resumeApproved(sb.deps);
    expect(resumed.map((a) => [a.id, a.state])).toEqual([[held.approval.id, 'executed']]);
    expect(await resumeApproved(sb.deps)).toEqual([]);
    expect(await stateOf(acc, 'victim')).toBe('deleted');
  });

  it('an approved request whose approver was demoted before it was carried out waits again, and changes nothing', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    const em = sb.orm.em.fork();
    const approval = { by: acc.second.userId, byName: 'Bea Second', decision: 'approve' as const, reason: null };
    // Approved, then a crash before it was carried out; meanwhile Bea stopped being an Administrator.
    await em.nativeUpdate(
      ApprovalRequest,
      { id: held.approval.id },
      { state: 'approved', decidedAt: sb.clock.now(), decisions: [{ ...approval, at: sb.clock.now().toISOString() }] },
    );
    await em.nativeUpdate(PortalUser, { id: acc.second.userId }, { administrator: false });
    sb.clock.advance(61_000);
    const resumed = await resumeApproved(sb.deps);
    expect(resumed).toMatchObject([
      {
        id: held.approval.id,
        state: 'pending',
        decisions: [],
        outcome: expect.stringContaining("Bea Second's approval no longer counts"),
      },
    ]);
    expect(await stateOf(acc, 'victim')).toBe('enabled');
    const audits = await sb.orm.em
      .fork()
      .find(AuditEvent, { targetId: held.approval.id, action: 'approval.approve' }, { orderBy: { createdAt: 'asc' } });
    expect(audits.map((a) => a.after)).toEqual([{ executed: false, approvals: 0, notCounted: ['Bea Second'] }]);
    // Nothing left to resume; a new approval by an Administrator carries it out.
    expect(await resumeApproved(sb.deps)).toEqual([]);
    const { actor: third } = await addActor(sb, acc, { userId: 'admin3', email: 'admin3@example.com' });
    const decided = await decideApproval(sb.deps, third, { request: held.approval.id, decision: 'approve' });
    expect(decided).toMatchObject({ kind: 'decided', approval: { state: 'executed' } });
    expect(await stateOf(acc, 'victim')).toBe('deleted');
  });

  it('a decision on another platform tells the platform of the request (its card and requester are there); one on the same platform does not', async () => {
    const acc = await twoAdmins();
    const told: string[][] = [];
    const deps = sb.deps;
    onTestFinished(
      deps.approvalEvents.subscribe(async (views) => void told.push(views.map((v) => `${v.id}:${v.state}`))),
    );
    const fromSlack = { ...acc.actor, platform: 'slack' as const };
    const first = await submitOperation(deps, fromSlack, { name: 'user.delete', input: { user: 'victim' } });
    if (first.kind !== 'held') throw new Error('expected held');
    await decideApproval(
      deps,
      { ...acc.second, platform: 'slack' },
      { request: first.approval.id, decision: 'deny', reason: 'no' },
    );
    expect(told).toEqual([]);
    const second = await submitOperation(deps, fromSlack, { name: 'user.delete', input: { user: 'victim' } });
    if (second.kind !== 'held') throw new Error('expected held');
    await decideApproval(
      deps,
      { ...acc.second, platform: 'console' },
      { request: second.approval.id, decision: 'approve' },
    );
    expect(told).toEqual([[`${second.approval.id}:executed`]]);
  });

  it('simultaneous approvals in one process make one change', async () => {
    const acc = await twoAdmins();
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        decideApproval(sb.deps, acc.second, { request: held.approval.id, decision: 'approve' }),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already-decided')).toHaveLength(19);
    expect(
      await sb.orm.em
        .fork()
        .count(AuditEvent, { accountId: acc.account.id, action: 'user.delete', outcome: 'success' }),
    ).toBe(1);
  });
});
