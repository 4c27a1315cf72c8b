import { ChatIdentity } from '../../domain/entities/chat-identity.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { ServiceDeps } from '../context.js';
import { bindingStands } from '../identities.js';
import { approvalChannelOf } from './channels.js';

/**
 * The chat user a portal user was last bound to on a platform (to tell them something privately), if
 * any, by a binding that still stands: not one made by an email the portal user no longer has.
 */
export async function chatUserOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<{ workspaceId: string; chatUserId: string } | null> {
  const identities = await deps.orm.em
    .fork()
    .find(ChatIdentity, { user: portalUserId, platform }, { orderBy: { createdAt: 'desc' }, populate: ['user'] });
  const identity = identities.find((candidate) => bindingStands(candidate));
  return identity ? { workspaceId: identity.workspaceId, chatUserId: identity.chatUserId } : null;
}

/** Where to tell a portal user something privately on a platform, as `privatePlaceOf` finds it. */
export interface PrivatePlace {
  workspaceId: string;
  chatUserId: string;
  /** What the account's approvals channel on the platform keeps of it (Teams: the service address, the bot). */
  extra: Record<string, string>;
}

/**
 * How to reach a portal user privately on a platform: the chat user they were last bound to there,
 * with what the account's approvals channel on that platform keeps of it; null when they have no
 * chat identity there.
 */
export async function privatePlaceOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<PrivatePlace | null> {
  const identity = await chatUserOf(deps, portalUserId, platform);
  if (!identity) return null;
  const accountId = await accountIdOf(deps, portalUserId);
  const channel = accountId ? await approvalChannelOf(deps, accountId, platform) : null;
  return { ...identity, extra: channel?.extra ?? {} };
}

/** The account a portal user belongs to; null when there is no such user. */
async function accountIdOf(deps: ServiceDeps, portalUserId: string): Promise<string | null> {
  const user = await deps.orm.em.fork().findOne(PortalUser, { id: portalUserId }, { fields: ['account'] });
  return user?.account.id ?? null;
}

/** Whether a portal user belongs to an account (a card is shown only to the portal users of its account). */
export async function isInAccount(deps: ServiceDeps, portalUserId: string, accountId: string): Promise<boolean> {
  return (await accountIdOf(deps, portalUserId)) === accountId;
}
