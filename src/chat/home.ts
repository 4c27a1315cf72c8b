import { adminHome, noteHome, NOT_ADMIN_HOME, type HomeCounts } from '../../views/replies/home.js';
import type { Reply } from '../../views/reply.js';
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

/** The home view of a chat user: their refusal, a note for non-Administrators, or the account's totals. */
export async function homeFor(deps: ServiceDeps, resolution: Resolution, prefix: string): Promise<Reply> {
  if (!resolution.ok) return noteHome(resolution.message);
  if (!resolution.user.permissions.administrator) return noteHome(NOT_ADMIN_HOME(prefix));
  const name = resolution.user.name || resolution.user.userId;
  return adminHome(name, await homeCounts(deps, resolution.actor), prefix);
}
