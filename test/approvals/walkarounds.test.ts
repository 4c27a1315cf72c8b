import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApprovalPolicy } from '../../src/config.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { decideApproval, submitOperation } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import { OPERATION_DEFINITIONS, type Operation, type OperationName } from '../../src/services/operations.js';
import {
  addActor,
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

type Account2 = TestAccount & { second: Actor };

/** An account with two Administrators: the first asks, the second decides. */
async function twoAdmins(): Promise<Account2> {
  const acc = await newAccount(sb);
  const { actor } = await addActor(sb, acc, {
    userId: 'admin2',
    email: 'admin2@example.com',
    firstName: 'Bea',
    lastName: 'Second',
  });
  return { ...acc, second: { ...actor, platform: 'teams' } };
}

const userOf = (acc: TestAccount, userId: string) =>
  sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });

/** Asks for a change as the first Administrator; it must wait, with this reason, and change nothing until approved. */
async function expectHeld(acc: Account2, operation: Operation<OperationName>, reason: string): Promise<string> {
  const outcome = await submitOperation(sb.deps, acc.actor, operation);
  const asked = `${operation.name} ${JSON.stringify(operation.input)}`;
  expect(outcome, asked).toMatchObject({ kind: 'held', approval: { reason, state: 'pending' } });
  return outcome.kind === 'held' ? outcome.approval.id : '';
}

async function approve(acc: Account2, id: string): Promise<void> {
  const outcome = await decideApproval(sb.deps, acc.second, { request: id, decision: 'approve' });
  expect(outcome).toMatchObject({ kind: 'decided', approval: { state: 'executed' } });
}

async function expectDone(acc: Account2, operation: Operation<OperationName>): Promise<void> {
  expect(
    (await submitOperation(sb.deps, acc.actor, operation)).kind,
    `${operation.name} ${JSON.stringify(operation.input)}`,
  ).toBe('done');
}

describe('who is an Administrator (rule administrators)', () => {
  it('restore then enable of a deleted Administrator: each step waits for a second Administrator, and is done once approved', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, {
      userId: 'oldboss',
      email: 'oldboss@example.com',
      state: 'deleted',
      deletedAt: sb.clock.now(),
    });
    const restore = await expectHeld(
      acc,
      { name: 'user.restore', input: { user: 'oldboss' } },
      'restoring an Administrator',
    );
    expect(await userOf(acc, 'oldboss')).toMatchObject({ state: 'deleted' });
    await approve(acc, restore);
    expect(await userOf(acc, 'oldboss')).toMatchObject({ state: 'disabled', administrator: true });
    const enable = await expectHeld(
      acc,
      { name: 'user.enable', input: { user: 'oldboss' } },
      'enabling an Administrator',
    );
    expect(await userOf(acc, 'oldboss')).toMatchObject({ state: 'disabled' });
    await approve(acc, enable);
    expect(await userOf(acc, 'oldboss')).toMatchObject({ state: 'enabled', administrator: true });
  });

  it('enabling a disabled Administrator waits; disabling one does not', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'resting', email: 'resting@example.com', state: 'disabled' });
    const enable = await expectHeld(
      acc,
      { name: 'user.enable', input: { user: 'resting' } },
      'enabling an Administrator',
    );
    await approve(acc, enable);
    expect(await userOf(acc, 'resting')).toMatchObject({ state: 'enabled' });
    await expectDone(acc, { name: 'user.disable', input: { user: 'resting' } });
    expect(await userOf(acc, 'resting')).toMatchObject({ state: 'disabled' });
  });

  it('the permissions form: Administrator for an enabled or a disabled user waits; other permissions do not', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    await addActor(sb, acc, { userId: 'dora', email: 'dora@example.com', state: 'disabled' }, 'regular');
    const form = { user: 'quinn', permissions: { administrator: true } };
    await approve(acc, await expectHeld(acc, { name: 'user.permissions', input: form }, 'granting Administrator'));
    expect(await userOf(acc, 'quinn')).toMatchObject({ administrator: true });
    const dora = { name: 'user.permissions', input: { user: 'dora', role: 'admin' } } as const;
    await approve(acc, await expectHeld(acc, dora, 'granting Administrator'));
    expect(await userOf(acc, 'dora')).toMatchObject({ administrator: true, state: 'disabled' });
    await expectDone(acc, { name: 'user.permissions', input: { user: 'quinn', permissions: { tickets: 'view' } } });
  });

  it("user edit: an Administrator's email (where their password links go) waits; other edits do not", async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    const edit = { name: 'user.edit', input: { user: 'admin2', email: 'bea@elsewhere.example' } } as const;
    const moved = await expectHeld(acc, edit, "changing an Administrator's email");
    expect(await userOf(acc, 'admin2')).toMatchObject({ email: 'admin2@example.com' });
    await approve(acc, moved);
    expect(await userOf(acc, 'admin2')).toMatchObject({ email: 'bea@elsewhere.example' });
    await expectDone(acc, { name: 'user.edit', input: { user: 'admin2', label: 'Bea' } });
    await expectDone(acc, { name: 'user.edit', input: { user: 'quinn', email: 'quinn@elsewhere.example' } });
  });

  it('user add and invite --role admin wait; the added or invited Administrator exists only once approved', async () => {
    const acc = await twoAdmins();
    const add = {
      userId: 'newboss',
      firstName: 'New',
      lastName: 'Boss',
      email: 'newboss@example.com',
      phone: '+17035550111',
    };
    const asAdmin = { ...add, role: 'regular', permissions: { administrator: true } };
    const added = await expectHeld(acc, { name: 'user.add', input: asAdmin }, 'granting Administrator');
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, userIdKey: 'newboss' })).toBe(0);
    await approve(acc, added);
    expect(await userOf(acc, 'newboss')).toMatchObject({ administrator: true, state: 'enabled' });
    const invite = { name: 'invite.create', input: { email: 'hire@example.com', role: 'admin' } } as const;
    const invited = await expectHeld(acc, invite, 'granting Administrator');
    await approve(acc, invited);
    expect(await userOf(acc, 'hire@example.com')).toMatchObject({ administrator: true, state: 'unconfirmed' });
  });

  it('reinvite of an invited Administrator (a new link into an Administrator account) waits; of anyone else it does not', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'invitee', email: 'invitee@example.com', state: 'unconfirmed' });
    await addActor(sb, acc, { userId: 'plain', email: 'plain@example.com', state: 'unconfirmed' }, 'regular');
    const links = () => sb.orm.em.fork().count(Invitation, { user: { account: acc.account.id, userIdKey: 'invitee' } });
    const reinvite = await expectHeld(
      acc,
      { name: 'invite.resend', input: { user: 'invitee' } },
      'reinviting an Administrator',
    );
    expect(await links()).toBe(0);
    await approve(acc, reinvite);
    expect(await links()).toBe(1);
    await expectDone(acc, { name: 'invite.resend', input: { user: 'plain' } });
  });

  it('invite cancel, then restore, of an invited Administrator: the restore waits', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'invitee', email: 'invitee@example.com', state: 'unconfirmed' });
    await expectDone(acc, { name: 'invite.cancel', input: { user: 'invitee' } });
    await approve(
      acc,
      await expectHeld(acc, { name: 'user.restore', input: { user: 'invitee' } }, 'restoring an Administrator'),
    );
    expect(await userOf(acc, 'invitee')).toMatchObject({ state: 'disabled', administrator: true });
  });

  it('a held change is pinned to the user as judged: an edit made before the approval makes it fail, not apply', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    const grant = await expectHeld(
      acc,
      { name: 'user.permissions', input: { user: 'quinn', role: 'admin' } },
      'granting Administrator',
    );
    await expectDone(acc, { name: 'user.edit', input: { user: 'quinn', email: 'attacker@example.net' } });
    const outcome = await decideApproval(sb.deps, acc.second, { request: grant, decision: 'approve' });
    const voided = expect.stringMatching(/quinn was changed after this request was made/);
    expect(outcome).toMatchObject({ kind: 'decided', approval: { state: 'failed', outcome: voided } });
    expect(await userOf(acc, 'quinn')).toMatchObject({ administrator: false });
  });
});

describe('who is a user (rule user-removal)', () => {
  it('restore then enable undoes an approved deletion only with a second Administrator', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
    await approve(acc, await expectHeld(acc, { name: 'user.delete', input: { user: 'victim' } }, 'deleting a user'));
    const restore = await expectHeld(
      acc,
      { name: 'user.restore', input: { user: 'victim' } },
      'restoring a deleted user',
    );
    expect(await userOf(acc, 'victim')).toMatchObject({ state: 'deleted' });
    await approve(acc, restore);
    expect(await userOf(acc, 'victim')).toMatchObject({ state: 'disabled' });
    // A regular user once restored is enabled like any disabled user.
    await expectDone(acc, { name: 'user.enable', input: { user: 'victim' } });
  });
});

describe('the rule names', () => {
  it('the names of 0.1.0 still work: grant-admin holds enabling an Administrator, delete-user holds a restore', async () => {
    const acc = await twoAdmins();
    await addActor(sb, acc, { userId: 'resting', email: 'resting@example.com', state: 'disabled' });
    await addActor(sb, acc, { userId: 'gone', email: 'gone@example.com', state: 'deleted' }, 'regular');
    const only = (rules: string) => ({
      ...sb.deps,
      settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: rules }) },
    });
    const [grantAdmin, deleteUser] = [only('grant-admin'), only('delete-user')];
    const enable = { name: 'user.enable', input: { user: 'resting' } } as const;
    const restore = { name: 'user.restore', input: { user: 'gone' } } as const;
    const heldBecause = (reason: string) => ({ kind: 'held', approval: { reason } });
    expect(await submitOperation(grantAdmin, acc.actor, enable)).toMatchObject(
      heldBecause('enabling an Administrator'),
    );
    expect(await submitOperation(deleteUser, acc.actor, restore)).toMatchObject(
      heldBecause('restoring a deleted user'),
    );
    expect(await submitOperation(deleteUser, acc.actor, enable)).toMatchObject({ kind: 'done' });
    expect(await submitOperation(grantAdmin, acc.actor, restore)).toMatchObject({ kind: 'done' });
  });

  it('every operation is placed under the rules it may fall under, so a new one (an import) cannot skip the policy', () => {
    // The approval traits are part of each definition (the type requires them); each rule named is a real one.
    for (const operation of OPERATION_DEFINITIONS) {
      expect(Array.isArray(operation.approval.rules), operation.name).toBe(true);
      for (const rule of operation.approval.rules) expect(['administrators', 'user-removal', 'e911']).toContain(rule);
    }
  });
});
