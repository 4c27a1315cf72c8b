import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import type { Reply } from '../../views/reply.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

/**
 * Every command and form that could make or bring back an Administrator, or undo a deletion,
 * with the default approval policy: each waits for a second Administrator, and the approval
 * (by the card's own command) carries it out.
 */
let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

interface Admins {
  acc: TestAccount;
  requester: CommandContext;
  approver: CommandContext;
}

async function twoAdmins(): Promise<Admins> {
  const acc = await newAccount(sb);
  const { actor } = await addActor(sb, acc, {
    userId: 'admin2',
    email: 'admin2@example.com',
    firstName: 'Bea',
    lastName: 'Second',
  });
  return {
    acc,
    requester: { deps: sb.deps, actor: acc.actor },
    approver: { deps: sb.deps, actor: { ...actor, platform: 'teams' } },
  };
}

async function reply(ctx: CommandContext, line: string): Promise<Reply> {
  const result = await runCommandLine(ctx, line);
  if (result.kind !== 'reply') throw new Error(`${line}: expected a reply, got a form`);
  return result.reply;
}

/** The reply said the change waits, for this reason; returns the request's id. */
function heldFor(answer: Reply, reason: string): string {
  expect(answer.summary).toMatch(new RegExp(`^Waiting for approval: ${reason} needs a second Administrator`));
  const effect = answer.effects?.find((e) => e.kind === 'approval-requested');
  expect(effect).toBeDefined();
  return effect!.approvalId;
}

async function approve({ approver }: Admins, id: string): Promise<void> {
  expect((await reply(approver, `approvals approve ${id}`)).summary).toBe('Approved: Approved by Bea Second; done.');
}

async function formOf(ctx: CommandContext, line: string) {
  const result = await runCommandLine(ctx, line);
  if (result.kind !== 'form') throw new Error(`${line}: expected a form`);
  return result.open;
}

const userOf = (acc: TestAccount, userId: string) =>
  sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });

describe('ways to make or bring back an Administrator, through the commands', () => {
  it('user restore, then user enable, of a deleted Administrator', async () => {
    const admins = await twoAdmins();
    await addActor(sb, admins.acc, {
      userId: 'oldboss',
      email: 'oldboss@example.com',
      state: 'deleted',
      deletedAt: sb.clock.now(),
    });
    const restore = heldFor(await reply(admins.requester, 'user restore oldboss'), 'restoring an Administrator');
    expect(await userOf(admins.acc, 'oldboss')).toMatchObject({ state: 'deleted' });
    await approve(admins, restore);
    const enable = heldFor(await reply(admins.requester, 'user enable oldboss'), 'enabling an Administrator');
    expect(await userOf(admins.acc, 'oldboss')).toMatchObject({ state: 'disabled' });
    await approve(admins, enable);
    expect(await userOf(admins.acc, 'oldboss')).toMatchObject({ state: 'enabled', administrator: true });
  });

  it('user enable of a disabled Administrator', async () => {
    const admins = await twoAdmins();
    await addActor(sb, admins.acc, { userId: 'resting', email: 'resting@example.com', state: 'disabled' });
    await approve(admins, heldFor(await reply(admins.requester, 'user enable resting'), 'enabling an Administrator'));
    expect(await userOf(admins.acc, 'resting')).toMatchObject({ state: 'enabled' });
  });

  it('the permissions form with Administrator ticked', async () => {
    const admins = await twoAdmins();
    await addActor(sb, admins.acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    const open = await formOf(admins.requester, 'user permissions quinn');
    const submitted = await submitForm(
      admins.requester,
      'user-permissions',
      { ...open.initial, administrator: true },
      open.metadata,
    );
    if (!submitted.ok) throw new Error(submitted.message);
    await approve(admins, heldFor(submitted.reply, 'granting Administrator'));
    expect(await userOf(admins.acc, 'quinn')).toMatchObject({ administrator: true });
  });

  it("the user edit form changing an Administrator's email", async () => {
    const admins = await twoAdmins();
    const open = await formOf(admins.requester, 'user edit admin2');
    const submitted = await submitForm(
      admins.requester,
      'user-edit',
      { ...open.initial, email: 'bea@elsewhere.example' },
      open.metadata,
    );
    if (!submitted.ok) throw new Error(submitted.message);
    const id = heldFor(submitted.reply, "changing an Administrator's email");
    expect(await userOf(admins.acc, 'admin2')).toMatchObject({ email: 'admin2@example.com' });
    await approve(admins, id);
    expect(await userOf(admins.acc, 'admin2')).toMatchObject({ email: 'bea@elsewhere.example' });
  });

  it('invite --role admin, then reinvite of the invited Administrator', async () => {
    const admins = await twoAdmins();
    await approve(
      admins,
      heldFor(await reply(admins.requester, 'invite hire@example.com --role admin'), 'granting Administrator'),
    );
    expect(await userOf(admins.acc, 'hire@example.com')).toMatchObject({ administrator: true, state: 'unconfirmed' });
    const invitations = () =>
      sb.orm.em.fork().count(Invitation, { email: 'hire@example.com', user: { account: admins.acc.account.id } });
    expect(await invitations()).toBe(1);
    const again = heldFor(await reply(admins.requester, 'reinvite hire@example.com'), 'reinviting an Administrator');
    expect(await invitations()).toBe(1);
    await approve(admins, again);
    expect(await invitations()).toBe(2);
  });

  it('user restore then user enable of a user whose deletion was approved', async () => {
    const admins = await twoAdmins();
    await addActor(sb, admins.acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
    await approve(admins, heldFor(await reply(admins.requester, 'user delete victim'), 'deleting a user'));
    await approve(admins, heldFor(await reply(admins.requester, 'user restore victim'), 'restoring a deleted user'));
    expect((await reply(admins.requester, 'user enable victim')).summary).toBe('Enabled Test User (victim).');
  });
});
