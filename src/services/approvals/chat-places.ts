import { ChatIdentity } from '../../domain/entities/chat-identity.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { ServiceDeps } from '../context.js';
import { bindingStands } from '../identities.js';
import { approvalChannelOf } from './channels.js';

/**
 * The newest binding of a portal user on a platform that still stands (not one made by an email the
 * portal user no longer has), with the user loaded.
 */
async function standingBindingOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<ChatIdentity | null> {
  const identities = await deps.orm.em
    .fork()
    .find(ChatIdentity, { user: portalUserId, platform }, { orderBy: { createdAt: 'desc' }, populate: ['user'] });
  return identities.find((candidate) => bindingStands(candidate)) ?? null;
}

/** The chat user a portal user is bound to on a platform (to tell them something privately), if any. */
export async function chatUserOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<{ workspaceId: string; chatUserId: string } | null> {
  const identity = await standingBindingOf(deps, portalUserId, platform);
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
 * How to reach a portal user privately on a platform: the chat user of their newest binding there
 * that still stands, with what the account's approvals channel on that platform keeps of it; null when they have no
 * chat identity there.
 */
export async function privatePlaceOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<PrivatePlace | null> {
  const identity = await standingBindingOf(deps, portalUserId, platform);
  if (!identity) return null;
  // The binding's user is loaded, and with it the id of their account.
  const channel = await approvalChannelOf(deps, identity.user.account.id, platform);
  return { workspaceId: identity.workspaceId, chatUserId: identity.chatUserId, extra: channel?.extra ?? {} };
}

/** Whether a portal user belongs to an account (a card is shown only to the portal users of its account). */
export async function isInAccount(deps: ServiceDeps, portalUserId: string, accountId: string): Promise<boolean> {
  const user = await deps.orm.em.fork().findOne(PortalUser, { id: portalUserId }, { fields: ['account'] });
  return user?.account.id === accountId;
}
