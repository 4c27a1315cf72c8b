import { z } from 'zod/v4';
import { Account } from '../domain/entities/account.js';
import { CHAT_PLATFORMS, ChatIdentity } from '../domain/entities/chat-identity.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { ServiceError } from '../domain/errors.js';
import { emailKey, emailSchema, userIdKey } from '../domain/user-fields.js';
import type { ServiceDeps } from './context.js';
import { auditEvent } from './run.js';
import { parseInput } from './validate.js';
import { toUserDto, userTarget, type UserDto } from './users/user-dto.js';

const chatRef = {
  platform: z.enum(CHAT_PLATFORMS, { error: 'Platform must be slack or teams' }),
  workspaceId: z.string().trim().min(1, 'Give the Slack team id or Teams tenant id').max(64),
  chatUserId: z.string().trim().min(1, 'Give the chat user id').max(64),
};

export const resolveIdentityInput = z.object({
  ...chatRef,
  /** The email the chat platform has verified for this user, when it gave one. */
  verifiedEmail: emailSchema.optional(),
});

export const linkIdentityInput = z.object({
  ...chatRef,
  /** Needed only when the User ID exists in more than one account. */
  account: z.string().trim().min(1, 'Give the account name').optional(),
  user: z.string().trim().min(1, 'Give the portal User ID'),
});

const notPortalUser = () =>
  new ServiceError(
    'AUTH.NOT_PORTAL_USER',
    'You are not an enabled portal user, so Switchboard cannot act for you; ask a portal Administrator to add or enable you with this email.',
  );

/**
 * Whether a binding still stands. One made by hand does, until unlinked. One made by email follows
 * the email: it stands while the portal user still has the email it was made with, and the
 * platform's email, when it gave one now, is still that one. Without an email from the platform
 * (a form submitted after the cache expired, a member lookup that gave none) the binding's own
 * email is what is checked, so a changed portal email ends the binding whatever the platform says.
 */
export function bindingStands(identity: ChatIdentity, platformEmail?: string | null): boolean {
  if (identity.linkedBy === 'manual') return true;
  const current = identity.user.emailKey;
  if (!identity.verifiedEmail || emailKey(identity.verifiedEmail) !== current) return false;
  return !platformEmail || emailKey(platformEmail) === current;
}

/**
 * The portal user behind a chat user: an existing binding that still stands (bindingStands), or
 * else the enabled portal user with the platform's verified email (then bound, so later lookups
 * need no email). A binding made by email whose portal user's email changed is resolved again by
 * the platform's email, or refused when it gave none. Anyone else is AUTH.NOT_PORTAL_USER.
 */
export async function resolveChatIdentity(deps: ServiceDeps, input: unknown): Promise<UserDto> {
  const data = parseInput(resolveIdentityInput, input);
  const em = deps.orm.em.fork();
  const key = { platform: data.platform, workspaceId: data.workspaceId, chatUserId: data.chatUserId };
  const bound = await em.findOne(ChatIdentity, key, { populate: ['user', 'user.account', 'user.sites'] });
  if (bound && bindingStands(bound, data.verifiedEmail)) {
    if (bound.user.state !== 'enabled') throw notPortalUser();
    return toUserDto(bound.user);
  }
  if (!data.verifiedEmail) throw notPortalUser();
  const candidates = await em.find(
    PortalUser,
    { emailKey: emailKey(data.verifiedEmail), state: 'enabled' },
    { populate: ['account', 'sites'] },
  );
  if (candidates.length === 0) throw notPortalUser();
  if (candidates.length > 1) {
    throw new ServiceError(
      'AUTH.AMBIGUOUS_IDENTITY',
      `Your email belongs to portal users in ${candidates.length} accounts; an operator must link you to one with \`npm run cli -- link ${data.platform}\`.`,
    );
  }
  const user = candidates[0]!;
  const identity = bound ?? new ChatIdentity();
  Object.assign(identity, {
    ...key,
    user,
    linkedBy: 'email',
    verifiedEmail: data.verifiedEmail,
    createdAt: deps.clock.now(),
  });
  em.persist(identity);
  await em.flush();
  return toUserDto(user);
}

/** The user now bound, and the one the identity was bound to before, when it was someone else. */
export type LinkedIdentity = UserDto & { replaced: { userId: string; name: string; account: string } | null };

/** Binds a chat identity to a portal user by hand (the operator's CLI); says whom it was bound to before. */
export async function linkChatIdentity(deps: ServiceDeps, input: unknown): Promise<LinkedIdentity> {
  const data = parseInput(linkIdentityInput, input);
  return deps.orm.em.fork().transactional(async (em) => {
    if (data.account && !(await em.findOne(Account, { name: data.account }))) {
      throw ServiceError.field('ACCOUNT.NOT_FOUND', 'account', `No account named "${data.account}".`);
    }
    const where = {
      userIdKey: userIdKey(data.user),
      state: { $ne: 'deleted' as const },
      ...(data.account ? { account: { name: data.account } } : {}),
    };
    const users = await em.find(PortalUser, where, { populate: ['account', 'sites'] });
    if (users.length === 0)
      throw ServiceError.field(
        'USER.NOT_FOUND',
        'user',
        `No portal user "${data.user}"${data.account ? ` in ${data.account}` : ''}.`,
      );
    if (users.length > 1) {
      throw ServiceError.field(
        'AUTH.AMBIGUOUS_IDENTITY',
        'account',
        `User ID ${data.user} exists in ${users.length} accounts (${users.map((u) => u.account.name).join(', ')}); add --account NAME.`,
      );
    }
    const user = users[0]!;
    const account = user.account;
    const key = { platform: data.platform, workspaceId: data.workspaceId, chatUserId: data.chatUserId };
    const existing = await em.findOne(ChatIdentity, key, { populate: ['user', 'user.account'] });
    const previous = existing && existing.user.id !== user.id ? existing.user : null;
    const replaced = previous ? { userId: previous.userId, name: previous.name, account: previous.account.name } : null;
    const identity = existing ?? new ChatIdentity();
    Object.assign(identity, { ...key, user, linkedBy: 'manual', verifiedEmail: null, createdAt: deps.clock.now() });
    em.persist(identity);
    const before = previous ? { ...key, userId: previous.userId } : undefined;
    em.persist(
      auditEvent(
        { ...operatorEvent(account.id, 'identity.link'), ...userTarget(user), before, after: key },
        deps.clock.now(),
      ),
    );
    await em.flush();
    return { ...toUserDto(user), replaced };
  });
}

/** The audit fields of something the operator did from the CLI. */
function operatorEvent(accountId: string, action: string) {
  return { accountId, actorId: null, actorName: 'operator', platform: 'cli', action, outcome: 'success' } as const;
}

export const unlinkIdentityInput = z.object(chatRef);

/** Removes a chat identity's binding (the operator's CLI); its next message is resolved by email again. */
export async function unlinkChatIdentity(deps: ServiceDeps, input: unknown): Promise<UserDto> {
  const data = parseInput(unlinkIdentityInput, input);
  return deps.orm.em.fork().transactional(async (em) => {
    const key = { platform: data.platform, workspaceId: data.workspaceId, chatUserId: data.chatUserId };
    const identity = await em.findOne(ChatIdentity, key, { populate: ['user', 'user.account', 'user.sites'] });
    if (!identity) {
      const who = `${data.platform} user ${data.chatUserId} (${data.workspaceId})`;
      throw ServiceError.field('IDENTITY.NOT_FOUND', 'user', `${who} is not bound to any portal user.`);
    }
    const user = identity.user;
    em.remove(identity);
    const before = { ...key, linkedBy: identity.linkedBy };
    em.persist(
      auditEvent(
        { ...operatorEvent(user.account.id, 'identity.unlink'), ...userTarget(user), before },
        deps.clock.now(),
      ),
    );
    await em.flush();
    return toUserDto(user);
  });
}

/**
 * Chat users mentioned in a command, as User IDs of the actor's account: the portal user with the
 * email the platform verified for them, else the one their binding still stands for (bindingStands).
 * The map leaves out whoever is neither; `accountName` is for saying so.
 */
export async function portalUsersOfMentions(
  deps: ServiceDeps,
  actor: { userId: string },
  input: { platform: 'slack' | 'teams'; workspaceId: string; mentions: { chatUserId: string; email: string | null }[] },
): Promise<{ accountName: string; userIds: Map<string, string> }> {
  const em = deps.orm.em.fork();
  const me = await em.findOneOrFail(PortalUser, { id: actor.userId }, { populate: ['account'] });
  const emails = input.mentions.map((m) => m.email).filter((e): e is string => Boolean(e));
  const keys = [...new Set(emails.map((e) => emailKey(e)))];
  const byEmail = keys.length > 0 ? await em.find(PortalUser, { account: me.account, emailKey: { $in: keys } }) : [];
  const links = await em.find(
    ChatIdentity,
    {
      platform: input.platform,
      workspaceId: input.workspaceId,
      chatUserId: { $in: input.mentions.map((m) => m.chatUserId) },
      user: { account: me.account },
    },
    { populate: ['user'] },
  );
  const userIds = new Map<string, string>();
  for (const { chatUserId, email } of input.mentions) {
    const byTheirEmail = email ? byEmail.find((u) => u.emailKey === emailKey(email)) : undefined;
    const link = links.find((l) => l.chatUserId === chatUserId && bindingStands(l, email));
    const found = byTheirEmail ?? link?.user;
    if (found) userIds.set(chatUserId, found.userId);
  }
  return { accountName: me.account.name, userIds };
}
