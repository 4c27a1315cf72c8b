import { ChatIdentity } from '../../domain/entities/chat-identity.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { ServiceDeps } from '../context.js';

/** The chat user a portal user was last bound to on a platform (to tell them something privately), if any. */
export async function chatUserOf(
  deps: ServiceDeps,
  portalUserId: string,
  platform: 'slack' | 'teams',
): Promise<{ workspaceId: string; chatUserId: string } | null> {
  const [identity] = await deps.orm.em
    .fork()
    .find(ChatIdentity, { user: portalUserId, platform }, { orderBy: { createdAt: 'desc' }, limit: 1 });
  return identity ? { workspaceId: identity.workspaceId, chatUserId: identity.chatUserId } : null;
}

/** Whether a portal user belongs to an account (a card is shown only to the portal users of its account). */
export async function isInAccount(deps: ServiceDeps, portalUserId: string, accountId: string): Promise<boolean> {
  const user = await deps.orm.em.fork().findOne(PortalUser, { id: portalUserId }, { fields: ['account'] });
  return user?.account.id === accountId;
}
