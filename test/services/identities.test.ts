import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatIdentity } from '../../src/domain/entities/chat-identity.js';
import { linkChatIdentity, resolveChatIdentity } from '../../src/services/identities.js';
import { editUser } from '../../src/services/users/profile.js';
import { disableUser } from '../../src/services/users/state.js';
import { expectRefusal } from '../support/expect.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const slack = (chatUserId: string, verifiedEmail?: string) => ({
  platform: 'slack',
  workspaceId: 'T0001',
  chatUserId,
  verifiedEmail,
});

describe('resolve a chat identity', () => {
  it('matches an enabled portal user by verified email, ignoring case, and remembers the binding', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'frank', email: 'Frank.Unique@example.com' });
    const user = await resolveChatIdentity(sb.deps, slack('U100', 'frank.unique@EXAMPLE.com'));
    expect(user.userId).toBe('frank');
    expect(await sb.orm.em.fork().findOne(ChatIdentity, { chatUserId: 'U100' })).toMatchObject({
      linkedBy: 'email',
      workspaceId: 'T0001',
    });
    // later lookups work without the email
    await expect(resolveChatIdentity(sb.deps, slack('U100'))).resolves.toMatchObject({ userId: 'frank' });
  });

  it('refuses strangers, disabled users and unconfirmed ones', async () => {
    const acc = await newAccount(sb);
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U200', 'stranger@example.com')), 'AUTH.NOT_PORTAL_USER');
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U200')), 'AUTH.NOT_PORTAL_USER');
    await addActor(sb, acc, { userId: 'gina', email: 'gina.unique@example.com' });
    await resolveChatIdentity(sb.deps, slack('U201', 'gina.unique@example.com'));
    await disableUser(sb.deps, acc.actor, { user: 'gina' });
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U201', 'gina.unique@example.com')), 'AUTH.NOT_PORTAL_USER');
    await addActor(sb, acc, { userId: 'hal', email: 'hal.unique@example.com', state: 'unconfirmed' });
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U202', 'hal.unique@example.com')), 'AUTH.NOT_PORTAL_USER');
  });

  it("follows the email: when the portal user's email changes, the old chat binding no longer matches", async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'ivy', email: 'ivy.unique@example.com' });
    await resolveChatIdentity(sb.deps, slack('U300', 'ivy.unique@example.com'));
    await editUser(sb.deps, acc.actor, { user: 'ivy', email: 'ivy.new@example.com' });
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U300', 'ivy.unique@example.com')), 'AUTH.NOT_PORTAL_USER');
  });

  it('asks for a manual link when the email is in several accounts', async () => {
    const one = await newAccount(sb);
    const two = await newAccount(sb);
    await addActor(sb, one, { userId: 'jo', email: 'jo.shared@example.com' });
    const { user: joInTwo } = await addActor(sb, two, { userId: 'jo', email: 'jo.shared@example.com' });
    await expectRefusal(
      resolveChatIdentity(sb.deps, slack('U400', 'jo.shared@example.com')),
      'AUTH.AMBIGUOUS_IDENTITY',
    );
    await expectRefusal(
      linkChatIdentity(sb.deps, { platform: 'teams', workspaceId: 'tenant-1', chatUserId: 'aad-1', user: 'jo' }),
      'AUTH.AMBIGUOUS_IDENTITY',
      'account',
    );
    await linkChatIdentity(sb.deps, {
      platform: 'teams',
      workspaceId: 'tenant-1',
      chatUserId: 'aad-1',
      user: 'jo',
      account: two.account.name,
    });
    const resolved = await resolveChatIdentity(sb.deps, {
      platform: 'teams',
      workspaceId: 'tenant-1',
      chatUserId: 'aad-1',
    });
    expect(resolved.id).toBe(joInTwo.id);
  });

  it('validates its input', async () => {
    await expectRefusal(
      resolveChatIdentity(sb.deps, { platform: 'irc', workspaceId: 'x', chatUserId: 'y' }),
      'VALIDATION.INVALID',
      'platform',
    );
  });
});
