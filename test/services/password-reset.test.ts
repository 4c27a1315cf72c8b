import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { verifySecret } from '../../src/domain/secret-hash.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { completePasswordReset } from '../../src/services/links/completion.js';
import { describeLink, mintLinkToken } from '../../src/services/links/tokens.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser } from '../../src/services/users/profile.js';
import { disableUser } from '../../src/services/users/state.js';
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

const NEW_PASSWORD = 'violet lantern over quiet harbor';

async function withTwoUsers(): Promise<TestAccount> {
  const acc = await newAccount(sb);
  for (const name of ['carol', 'dave']) {
    await addUser(sb.deps, acc.actor, {
      userId: name,
      firstName: name,
      lastName: 'Example',
      email: `${name}@example.com`,
      phone: '+17035550100',
      sendSetupEmail: false,
    });
  }
  return acc;
}

async function linkOf(userId: string, acc: TestAccount): Promise<PasswordLink> {
  const em = sb.orm.em.fork();
  const user = await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });
  return em.findOneOrFail(PasswordLink, { user, revokedAt: null, usedAt: null });
}

async function tokenFor(userId: string, acc: TestAccount): Promise<string> {
  const minted = await mintLinkToken(sb.deps, 'password', (await linkOf(userId, acc)).id);
  expect(minted!.url).toMatch(/^https:\/\/switchboard\.test\/reset\/[A-Za-z0-9_-]{43}$/);
  return minted!.token;
}

describe('reset password', () => {
  it('emails each user a reset link that expires after RESET_TTL', async () => {
    const acc = await withTwoUsers();
    const result = await requestPasswordResets(sb.deps, acc.actor, { users: ['carol', 'DAVE@example.com'] });
    expect(result.users.map((u) => u.userId)).toEqual(['carol', 'dave']);
    const em = sb.orm.em.fork();
    const mails = await em.find(
      OutboxMessage,
      { accountId: acc.account.id, kind: 'password-reset' },
      { orderBy: { recipient: 'asc' } },
    );
    expect(mails.map((m) => m.recipient)).toEqual(['carol@example.com', 'dave@example.com']);
    const link = await linkOf('carol', acc);
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(12 * HOUR);
  });

  it('sends nothing to anyone when one of the users cannot get a link', async () => {
    const acc = await withTwoUsers();
    await disableUser(sb.deps, acc.actor, { user: 'dave' });
    const refusal = await expectRefusal(
      requestPasswordResets(sb.deps, acc.actor, { users: ['carol', 'dave'] }),
      'USER.INVALID_STATE',
      'users',
    );
    expect(refusal.message).toMatch(/dave is disabled.*enable them first/);
    await expectRefusal(
      requestPasswordResets(sb.deps, acc.actor, { users: ['carol', 'nobody'] }),
      'USER.NOT_FOUND',
      'users',
    );
    await inviteUser(sb.deps, acc.actor, { email: 'pending@example.com' });
    await expectRefusal(
      requestPasswordResets(sb.deps, acc.actor, { users: ['pending@example.com'] }),
      'USER.INVALID_STATE',
    );
    await expectRefusal(requestPasswordResets(sb.deps, acc.actor, { users: [] }), 'VALIDATION.INVALID', 'users');
    expect(await sb.orm.em.fork().count(OutboxMessage, { accountId: acc.account.id, kind: 'password-reset' })).toBe(0);
  });

  it('completes a reset: new password hash, link used up, notice queued', async () => {
    const acc = await withTwoUsers();
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carol'] });
    const token = await tokenFor('carol', acc);
    expect(await describeLink(sb.deps, 'password', token)).toMatchObject({ userId: 'carol', purpose: 'reset' });
    await expectRefusal(
      completePasswordReset(sb.deps, { token, password: 'carol-is-my-password-now' }),
      'PASSWORD.CONTAINS_IDENTITY',
    );
    await completePasswordReset(sb.deps, { token, password: NEW_PASSWORD });
    const em = sb.orm.em.fork();
    const carol = await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'carol' });
    expect(await verifySecret(NEW_PASSWORD, carol.passwordHash!)).toBe(true);
    expect(await em.count(OutboxMessage, { recipient: 'carol@example.com', kind: 'password-changed' })).toBe(1);
    await expectRefusal(completePasswordReset(sb.deps, { token, password: NEW_PASSWORD }), 'TOKEN.INVALID');
  });

  it('a newer reset link revokes the older one; an expired link fails', async () => {
    const acc = await withTwoUsers();
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carol'] });
    const older = await tokenFor('carol', acc);
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carol'] });
    const newer = await tokenFor('carol', acc);
    await expectRefusal(completePasswordReset(sb.deps, { token: older, password: NEW_PASSWORD }), 'TOKEN.INVALID');
    sb.clock.advance(12 * HOUR);
    try {
      await expectRefusal(completePasswordReset(sb.deps, { token: newer, password: NEW_PASSWORD }), 'TOKEN.INVALID');
    } finally {
      sb.clock.advance(-12 * HOUR);
    }
  });

  it('disabling the user makes the reset link fail', async () => {
    const acc = await withTwoUsers();
    await requestPasswordResets(sb.deps, acc.actor, { users: ['dave'] });
    const token = await tokenFor('dave', acc);
    await disableUser(sb.deps, acc.actor, { user: 'dave' });
    await expectRefusal(completePasswordReset(sb.deps, { token, password: NEW_PASSWORD }), 'TOKEN.INVALID');
  });

  it('the setup link of `user add` works on the reset page', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, {
      userId: 'erin',
      firstName: 'Erin',
      lastName: 'Example',
      email: 'erin@example.com',
      phone: '+17035550100',
    });
    const link = await linkOf('erin', acc);
    const minted = await mintLinkToken(sb.deps, 'password', link.id);
    expect(await describeLink(sb.deps, 'password', minted!.token)).toMatchObject({ purpose: 'setup' });
    await expect(
      completePasswordReset(sb.deps, { token: minted!.token, password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ userId: 'erin' });
  });

  it('is for Administrators only', async () => {
    const acc = await withTwoUsers();
    const { actor } = await addActor(sb, acc, { userId: 'sup', email: 'sup@example.com' }, 'support');
    await expectRefusal(requestPasswordResets(sb.deps, actor, { users: ['carol'] }), 'AUTH.FORBIDDEN');
  });
});
