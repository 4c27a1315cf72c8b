import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { verifySecret } from '../../src/domain/secret-hash.js';
import {
  cancelInvitation,
  inviteUser,
  listInvitations,
  reinviteUser,
} from '../../src/services/invitations/invitations.js';
import { acceptInvitation } from '../../src/services/links/completion.js';
import { describeLink, mintLinkToken } from '../../src/services/links/tokens.js';
import { addUser } from '../../src/services/users/profile.js';
import { enableUser } from '../../src/services/users/state.js';
import { expectRefusal } from '../support/expect.js';
import {
  addActor,
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

const GOOD_PASSWORD = 'correct horse battery staple';

/** What the mail worker does when it sends an invitation: mint the link's token. */
async function sentLink(invitationId: string): Promise<string> {
  const minted = await mintLinkToken(sb.deps, 'invitation', invitationId);
  expect(minted).not.toBeNull();
  expect(minted!.url).toBe(`https://switchboard.test/signup/${minted!.token}`);
  return minted!.token;
}

async function invite(acc: TestAccount, email = 'new.hire@example.com', extra: Record<string, unknown> = {}) {
  return inviteUser(sb.deps, acc.actor, { email, role: 'support', firstName: 'New', lastName: 'Hire', ...extra });
}

describe('invite', () => {
  it('creates an unconfirmed user with the role, an invitation and its email in one transaction', async () => {
    const acc = await newAccount(sb);
    const invitation = await invite(acc);
    expect(invitation).toMatchObject({
      email: 'new.hire@example.com',
      role: 'support',
      status: 'pending',
      signupCompleted: false,
      userCreated: false,
      invitedBy: 'Ada Admin',
      userId: 'new.hire@example.com',
    });
    expect(invitation.expiresAt.getTime() - sb.clock.now().getTime()).toBe(7 * DAY);
    const em = sb.orm.em.fork();
    const user = await em.findOneOrFail(PortalUser, { account: acc.account.id, emailKey: 'new.hire@example.com' });
    expect(user).toMatchObject({ state: 'unconfirmed', services: 'manage', invoices: 'hide', passwordHash: null });
    const mail = await em.findOneOrFail(OutboxMessage, { subjectId: invitation.id });
    expect(mail).toMatchObject({ kind: 'invitation', recipient: 'new.hire@example.com', status: 'pending' });
    expect(mail.payload).toMatchObject({ invitedByName: 'Ada Admin', accountName: acc.account.name });
    expect(JSON.stringify(mail.payload)).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });

  it('refuses an email a user of the account already has, and a bad email', async () => {
    const acc = await newAccount(sb);
    await invite(acc);
    const refusal = await expectRefusal(invite(acc, 'NEW.HIRE@example.com'), 'USER.DUPLICATE_EMAIL', 'email');
    expect(refusal.message).toMatch(/reinvite or cancel/);
    await expectRefusal(invite(acc, 'not an email'), 'VALIDATION.INVALID', 'email');
    await expectRefusal(invite(acc, 'x@example.com', { role: 'sales' }), 'VALIDATION.INVALID', 'role');
  });

  it('is for Administrators only', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'reggie', email: 'reggie@example.com' }, 'regular');
    await expectRefusal(inviteUser(sb.deps, actor, { email: 'x@example.com' }), 'AUTH.FORBIDDEN');
    await expectRefusal(listInvitations(sb.deps, actor, {}), 'AUTH.FORBIDDEN');
  });

  it('picks a free User ID when the email is taken as a User ID', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, {
      userId: 'pat@example.com',
      firstName: 'P',
      lastName: 'Q',
      email: 'other@example.com',
      phone: '+17035550100',
    });
    const invitation = await invite(acc, 'pat@example.com');
    expect(invitation.userId).toBe('pat');
  });
});

describe('accept invitation', () => {
  it('sets the password, enables the user, marks Signup Completed and User Created; the link is single use', async () => {
    const acc = await newAccount(sb);
    const invitation = await invite(acc);
    const token = await sentLink(invitation.id);
    expect(await describeLink(sb.deps, 'invitation', token)).toMatchObject({
      email: 'new.hire@example.com',
      purpose: 'signup',
    });
    expect(await describeLink(sb.deps, 'invitation', token), 'looking does not use the link').not.toBeNull();
    const user = await acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD });
    expect(user.state).toBe('enabled');
    const em = sb.orm.em.fork();
    const stored = await em.findOneOrFail(PortalUser, { id: user.id });
    expect(await verifySecret(GOOD_PASSWORD, stored.passwordHash!)).toBe(true);
    const row = await em.findOneOrFail(Invitation, { id: invitation.id });
    expect(row.signupCompletedAt).not.toBeNull();
    expect(row.userCreatedAt).not.toBeNull();
    await expectRefusal(acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD }), 'TOKEN.INVALID', 'token');
    expect(await describeLink(sb.deps, 'invitation', token)).toBeNull();
    const listed = await listInvitations(sb.deps, acc.actor, { filter: 'all' });
    expect(listed.items[0]).toMatchObject({
      status: 'accepted',
      signupCompleted: true,
      userCreated: true,
      emailStatus: 'pending',
    });
    expect((await listInvitations(sb.deps, acc.actor, {})).total).toBe(0);
  });

  it('refuses a password that breaks the rules and leaves the link usable', async () => {
    const acc = await newAccount(sb);
    const token = await sentLink((await invite(acc)).id);
    await expectRefusal(acceptInvitation(sb.deps, { token, password: 'short' }), 'PASSWORD.TOO_SHORT', 'password');
    await expectRefusal(
      acceptInvitation(sb.deps, { token, password: 'x'.repeat(129) }),
      'PASSWORD.TOO_LONG',
      'password',
    );
    await expectRefusal(
      acceptInvitation(sb.deps, { token, password: 'my name is new.hire, hello' }),
      'PASSWORD.CONTAINS_IDENTITY',
      'password',
    );
    await expectRefusal(
      acceptInvitation(sb.deps, { token, password: '1qaz2wsx3edc4rfv' }),
      'PASSWORD.COMMON',
      'password',
    );
    await expect(acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD })).resolves.toMatchObject({
      state: 'enabled',
    });
  });

  it('refuses an expired link, an unknown one and a malformed one alike', async () => {
    const acc = await newAccount(sb);
    const token = await sentLink((await invite(acc)).id);
    sb.clock.advance(7 * DAY + 1);
    try {
      const expired = await expectRefusal(
        acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD }),
        'TOKEN.INVALID',
      );
      const unknown = await expectRefusal(
        acceptInvitation(sb.deps, { token: 'A'.repeat(43), password: GOOD_PASSWORD }),
        'TOKEN.INVALID',
      );
      const malformed = await expectRefusal(
        acceptInvitation(sb.deps, { token: '../etc', password: GOOD_PASSWORD }),
        'TOKEN.INVALID',
      );
      expect(new Set([expired.message, unknown.message, malformed.message]).size).toBe(1);
      expect(
        await mintLinkToken(
          sb.deps,
          'invitation',
          (await listInvitations(sb.deps, acc.actor, { filter: 'all' })).items[0]!.id,
        ),
      ).toBeNull();
    } finally {
      sb.clock.advance(-(7 * DAY + 1));
    }
  });

  it('accepts one of two simultaneous uses of the same link', async () => {
    const acc = await newAccount(sb);
    const token = await sentLink((await invite(acc)).id);
    const results = await Promise.allSettled([
      acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD }),
      acceptInvitation(sb.deps, { token, password: `${GOOD_PASSWORD} two` }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('reinvite and cancel', () => {
  it('reinvite revokes the earlier links; only the new one works', async () => {
    const acc = await newAccount(sb);
    const first = await invite(acc);
    const oldToken = await sentLink(first.id);
    sb.clock.advance(60_000);
    const second = await reinviteUser(sb.deps, acc.actor, { user: 'new.hire@example.com' });
    expect(second.id).not.toBe(first.id);
    expect(second.role).toBe('support');
    await expectRefusal(acceptInvitation(sb.deps, { token: oldToken, password: GOOD_PASSWORD }), 'TOKEN.INVALID');
    expect(await mintLinkToken(sb.deps, 'invitation', first.id), 'a revoked invitation is not sent').toBeNull();
    const newToken = await sentLink(second.id);
    await acceptInvitation(sb.deps, { token: newToken, password: GOOD_PASSWORD });
    const all = await listInvitations(sb.deps, acc.actor, { filter: 'all' });
    expect(all.items.map((i) => [i.status, i.signupCompleted, i.userCreated])).toEqual([
      ['accepted', true, true],
      ['revoked', false, true],
    ]);
  });

  it('reinvite is only for unconfirmed users', async () => {
    const acc = await newAccount(sb);
    await expectRefusal(reinviteUser(sb.deps, acc.actor, { user: 'admin1' }), 'USER.INVALID_STATE');
  });

  it('cancel deletes the unconfirmed user, the link stops working and its unsent email is cancelled', async () => {
    const acc = await newAccount(sb);
    const invitation = await invite(acc);
    const token = await sentLink(invitation.id);
    const result = await cancelInvitation(sb.deps, acc.actor, { user: 'new.hire@example.com' });
    expect(result).toMatchObject({ email: 'new.hire@example.com', revoked: 1 });
    await expectRefusal(acceptInvitation(sb.deps, { token, password: GOOD_PASSWORD }), 'TOKEN.INVALID');
    const em = sb.orm.em.fork();
    expect(
      await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'new.hire@example.com' }),
    ).toMatchObject({ state: 'deleted', emailKey: null });
    expect(await em.findOneOrFail(OutboxMessage, { subjectId: invitation.id })).toMatchObject({ status: 'cancelled' });
    // the email is free again, so the person can be invited anew
    await expect(invite(acc)).resolves.toMatchObject({ status: 'pending' });
    await expectRefusal(enableUser(sb.deps, acc.actor, { user: 'new.hire' }), 'USER.INVALID_STATE');
  });

  it('cancel refuses a user who has signed up', async () => {
    const acc = await newAccount(sb);
    await expectRefusal(cancelInvitation(sb.deps, acc.actor, { user: 'admin1' }), 'USER.INVALID_STATE');
  });
});
