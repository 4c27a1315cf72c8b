import { adminHome, noteHome, NOT_ADMIN_HOME, type HomeCounts } from '../../views/replies/home.js';
import { accessBlocks } from '../../views/replies/grant-replies.js';
import type { Reply } from '../../views/reply.js';
import { myAccess } from '../services/grants/query.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { listInvitations } from '../services/invitations/invitations.js';
import { listUsers } from '../services/users/query.js';
import type { Resolution } from './identity.js';

/** The totals of a home view, from the services (one-row pages: only `total` is used). */
export async function homeCounts(deps: ServiceDeps, actor: Actor): Promise<HomeCounts> {
  const count = (state: string) => listUsers(deps, actor, { state, pageSize: 1 }).then((p) => p.total);
  const [enabled, disabled, unconfirmed, pendingInvitations] = await Promise.all([
    count('enabled'),
    count('disabled'),
    count('unconfirmed'),
    listInvitations(deps, actor, { filter: 'pending', pageSize: 1 }).then((p) => p.total),
  ]);
  return { enabled, disabled, unconfirmed, pendingInvitations };
}

/**
 * The home view of a chat user: their refusal; else a note for non-Administrators or the account's
 * totals, then their own time-boxed access (grants running, requests waiting).
 */
export async function homeFor(deps: ServiceDeps, resolution: Resolution, prefix: string): Promise<Reply> {
  if (!resolution.ok) return noteHome(resolution.message);
  const mine = await myAccess(deps, resolution.actor);
  const access = accessBlocks(mine.grants, mine.pending);
  const home = resolution.user.permissions.administrator
    ? adminHome(resolution.user.name || resolution.user.userId, await homeCounts(deps, resolution.actor), prefix)
    : noteHome(NOT_ADMIN_HOME(prefix));
  return { ...home, blocks: [...home.blocks, ...access] };
}
