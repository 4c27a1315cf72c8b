import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatIdentity } from '../../src/domain/entities/chat-identity.js';
import { chatUserOf } from '../../src/services/approvals/chat-places.js';
import {
  linkChatIdentity,
  portalUsersOfMentions,
  resolveChatIdentity,
  unlinkChatIdentity,
} from '../../src/services/identities.js';
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

  it('ends a binding made by email once the portal email changes, even when the platform gives no email', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'ivo', email: 'ivo.unique@example.com' });
    await resolveChatIdentity(sb.deps, slack('U310', 'ivo.unique@example.com'));
    await expect(resolveChatIdentity(sb.deps, slack('U310'))).resolves.toMatchObject({ userId: 'ivo' });
    await editUser(sb.deps, acc.actor, { user: 'ivo', email: 'ivo.new@example.com' });
    // A form submitted after the cache expired: no email from the platform, and the binding's is stale.
    await expectRefusal(resolveChatIdentity(sb.deps, slack('U310')), 'AUTH.NOT_PORTAL_USER');
    // The platform now gives the new email: bound again, with it.
    await expect(resolveChatIdentity(sb.deps, slack('U310', 'IVO.new@example.com'))).resolves.toMatchObject({
      userId: 'ivo',
    });
    const identity = await sb.orm.em.fork().findOneOrFail(ChatIdentity, { chatUserId: 'U310' });
    expect(identity).toMatchObject({ linkedBy: 'email', verifiedEmail: 'IVO.new@example.com' });
    await expect(resolveChatIdentity(sb.deps, slack('U310'))).resolves.toMatchObject({ userId: 'ivo' });
  });

  it('keeps a binding made by hand whatever the emails say', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'kit', email: 'kit.unique@example.com' });
    await linkChatIdentity(sb.deps, { platform: 'slack', workspaceId: 'T0001', chatUserId: 'U320', user: 'kit' });
    await editUser(sb.deps, acc.actor, { user: 'kit', email: 'kit.new@example.com' });
    await expect(resolveChatIdentity(sb.deps, slack('U320'))).resolves.toMatchObject({ userId: 'kit' });
    await expect(resolveChatIdentity(sb.deps, slack('U320', 'kit.elsewhere@example.com'))).resolves.toMatchObject({
      userId: 'kit',
    });
  });

  it('names a mentioned chat user by a binding only while it stands', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'lou', email: 'lou.unique@example.com' });
    await addActor(sb, acc, { userId: 'max', email: 'max.unique@example.com' });
    await resolveChatIdentity(sb.deps, slack('U330', 'lou.unique@example.com'));
    await linkChatIdentity(sb.deps, { platform: 'slack', workspaceId: 'T0001', chatUserId: 'U331', user: 'max' });
    const mentions = [
      { chatUserId: 'U330', email: null },
      { chatUserId: 'U331', email: null },
    ];
    const input = { platform: 'slack' as const, workspaceId: 'T0001', mentions };
    const before = await portalUsersOfMentions(sb.deps, acc.actor, input);
    expect(Object.fromEntries(before.userIds)).toEqual({ U330: 'lou', U331: 'max' });
    await editUser(sb.deps, acc.actor, { user: 'lou', email: 'lou.new@example.com' });
    await editUser(sb.deps, acc.actor, { user: 'max', email: 'max.new@example.com' });
    const after = await portalUsersOfMentions(sb.deps, acc.actor, input);
    expect(Object.fromEntries(after.userIds)).toEqual({ U331: 'max' });
  });

  it('tells a portal user privately only through a binding that still stands', async () => {
    const acc = await newAccount(sb);
    const { user: nia } = await addActor(sb, acc, { userId: 'nia', email: 'nia.unique@example.com' });
    await linkChatIdentity(sb.deps, { platform: 'slack', workspaceId: 'T0001', chatUserId: 'U340', user: 'nia' });
    sb.clock.advance(1_000);
    await resolveChatIdentity(sb.deps, slack('U341', 'nia.unique@example.com'));
    // The newest binding is the one to use while it stands.
    expect(await chatUserOf(sb.deps, nia.id, 'slack')).toEqual({ workspaceId: 'T0001', chatUserId: 'U341' });
    await editUser(sb.deps, acc.actor, { user: 'nia', email: 'nia.new@example.com' });
    // The email binding ended with the email; the one made by hand is left.
    expect(await chatUserOf(sb.deps, nia.id, 'slack')).toEqual({ workspaceId: 'T0001', chatUserId: 'U340' });
    await unlinkChatIdentity(sb.deps, { platform: 'slack', workspaceId: 'T0001', chatUserId: 'U340' });
    expect(await chatUserOf(sb.deps, nia.id, 'slack')).toBeNull();
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
