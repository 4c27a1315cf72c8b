import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { acceptInvitation, completePasswordReset } from '../../src/services/links/completion.js';
import { describeLink, mintLinkToken } from '../../src/services/links/tokens.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser, editUser } from '../../src/services/users/profile.js';
import { expectRefusal } from '../support/expect.js';
import {
  DAY,
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

const PASSWORD = 'amber falcon crosses the tidal bridge';

/** What the mail worker does when it sends the email of a link: mint its token. */
async function sent(kind: 'invitation' | 'password', id: string): Promise<string> {
  const minted = await mintLinkToken(sb.deps, kind, id);
  expect(minted, 'the link is open when its email goes out').not.toBeNull();
  return minted!.token;
}

async function userOf(acc: TestAccount, userId: string): Promise<PortalUser> {
  return sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId.toLowerCase() });
}

async function auditOf(acc: TestAccount, action: string): Promise<AuditEvent[]> {
  return sb.orm.em.fork().find(AuditEvent, { accountId: acc.account.id, action }, { orderBy: { createdAt: 'asc' } });
}

describe("changing a user's email", () => {
  it('an invitee: the invitation mailed to the old address stops working and a fresh one goes to the new address', async () => {
    const acc = await newAccount(sb);
    const first = await inviteUser(sb.deps, acc.actor, {
      email: 'jo.ann@exmaple.com',
      firstName: 'Jo',
      lastName: 'Ann',
    });
    const typoToken = await sent('invitation', first.id);
    expect(await describeLink(sb.deps, 'invitation', typoToken)).not.toBeNull();

    const edited = await editUser(sb.deps, acc.actor, { user: first.userId, email: 'jo.ann@example.com' });
    expect(edited.emailChange).toMatchObject({
      from: 'jo.ann@exmaple.com',
      to: 'jo.ann@example.com',
      revokedLinks: 1,
      reissued: { kind: 'invitation', expiresAt: new Date(sb.clock.now().getTime() + 7 * DAY) },
    });
    expect(edited.emailChange!.notice).toBe(
      'The link emailed to jo.ann@exmaple.com no longer works. A fresh invitation went to jo.ann@example.com; it expires 2026-12-02 10:00 UTC.',
    );

    // whoever owns the typo'd address can no longer take the account
    expect(await describeLink(sb.deps, 'invitation', typoToken)).toBeNull();
    await expectRefusal(acceptInvitation(sb.deps, { token: typoToken, password: PASSWORD }), 'TOKEN.INVALID');

    const em = sb.orm.em.fork();
    const user = await userOf(acc, first.userId);
    const invitations = await em.find(Invitation, { user }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(invitations).toHaveLength(2);
    const fresh = invitations.find((i) => i.id !== first.id)!;
    expect(invitations.find((i) => i.id === first.id)!.revokedAt).toEqual(sb.clock.now());
    expect(fresh).toMatchObject({ email: 'jo.ann@example.com', role: 'regular', revokedAt: null });
    expect(await em.findOneOrFail(OutboxMessage, { subjectId: first.id })).toMatchObject({
      recipient: 'jo.ann@exmaple.com',
      status: 'cancelled',
    });
    expect(await em.findOneOrFail(OutboxMessage, { subjectId: fresh.id })).toMatchObject({
      kind: 'invitation',
      recipient: 'jo.ann@example.com',
      status: 'pending',
    });

    const [audit] = await auditOf(acc, 'user.edit');
    expect(audit).toMatchObject({ outcome: 'success', targetId: user.id });
    expect(audit!.before).toMatchObject({ email: 'jo.ann@exmaple.com' });
    expect(audit!.after).toMatchObject({ email: 'jo.ann@example.com', revokedLinks: 1, reissued: 'invitation' });

    // the invitation at the new address works
    const token = await sent('invitation', fresh.id);
    await expect(acceptInvitation(sb.deps, { token, password: PASSWORD })).resolves.toMatchObject({
      state: 'enabled',
      email: 'jo.ann@example.com',
    });
  });

  it('an enabled user: reset links mailed to the old address stop working; the reply says how to send a new one', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, {
      userId: 'carol',
      firstName: 'Carol',
      lastName: 'Example',
      email: 'carol@old.example',
      phone: '+17035550100',
      sendSetupEmail: false,
    });
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carol'] });
    const link = await sb.orm.em.fork().findOneOrFail(PasswordLink, { user: await userOf(acc, 'carol') });
    const token = await sent('password', link.id);

    const edited = await editUser(sb.deps, acc.actor, {
      user: 'carol',
      email: 'carol@new.example',
      lastName: 'Changed',
    });
    expect(edited).toMatchObject({
      email: 'carol@new.example',
      lastName: 'Changed',
      emailChange: { revokedLinks: 1, reissued: null },
    });
    expect(edited.emailChange!.notice).toBe(
      'The link emailed to carol@old.example no longer works. Send `user reset-password carol` if they still need a new password.',
    );
    await expectRefusal(completePasswordReset(sb.deps, { token, password: PASSWORD }), 'TOKEN.INVALID');
    expect(await sb.orm.em.fork().count(PasswordLink, { user: edited.id, revokedAt: null })).toBe(0);
  });

  it('a user added with a setup email who never set a password: a fresh setup link goes to the new address', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, {
      userId: 'sam',
      firstName: 'Sam',
      lastName: 'Setup',
      email: 'sam@typo.example',
      phone: '+17035550100',
    });
    const setup = await sb.orm.em.fork().findOneOrFail(PasswordLink, { user: await userOf(acc, 'sam') });
    const token = await sent('password', setup.id);

    const edited = await editUser(sb.deps, acc.actor, { user: 'sam', email: 'sam@right.example' });
    expect(edited.emailChange).toMatchObject({ revokedLinks: 1, reissued: { kind: 'password-setup' } });
    expect(edited.emailChange!.notice).toMatch(
      /^The link emailed to sam@typo\.example no longer works\. A fresh password setup link went to sam@right\.example; it expires /,
    );
    expect(await describeLink(sb.deps, 'password', token)).toBeNull();
    const em = sb.orm.em.fork();
    const fresh = await em.findOneOrFail(PasswordLink, { user: edited.id, revokedAt: null });
    expect(fresh.purpose).toBe('setup');
    expect(await em.findOneOrFail(OutboxMessage, { subjectId: fresh.id })).toMatchObject({
      kind: 'password-setup',
      recipient: 'sam@right.example',
      status: 'pending',
    });
    expect(await em.findOneOrFail(OutboxMessage, { subjectId: setup.id })).toMatchObject({ status: 'cancelled' });
  });

  it('even a change of case counts as a new address; an edit that keeps the email leaves the links alone', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, { email: 'pat@example.com' });
    const token = await sent('invitation', invitation.id);
    const kept = await editUser(sb.deps, acc.actor, {
      user: invitation.userId,
      firstName: 'Pat',
      email: ' pat@example.com ',
    });
    expect(kept.emailChange).toBeNull();
    expect(await describeLink(sb.deps, 'invitation', token)).not.toBeNull();

    const recased = await editUser(sb.deps, acc.actor, { user: invitation.userId, email: 'Pat@Example.com' });
    expect(recased.emailChange).toMatchObject({ revokedLinks: 1, reissued: { kind: 'invitation' } });
    expect(await describeLink(sb.deps, 'invitation', token)).toBeNull();
  });

  it('a refused edit revokes nothing', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, { email: 'quinn@example.com' });
    const token = await sent('invitation', invitation.id);
    await expectRefusal(
      editUser(sb.deps, acc.actor, { user: invitation.userId, email: 'admin1@example.com' }),
      'USER.DUPLICATE_EMAIL',
      'email',
    );
    await expectRefusal(
      editUser(sb.deps, acc.actor, { user: invitation.userId, email: 'quinn2@example.com', expectedVersion: 99 }),
      'USER.CONFLICT',
    );
    expect(await describeLink(sb.deps, 'invitation', token)).not.toBeNull();
    expect(await sb.orm.em.fork().count(Invitation, { user: { id: (await userOf(acc, invitation.userId)).id } })).toBe(
      1,
    );
  });
});
