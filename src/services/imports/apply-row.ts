import { PortalUser } from '../../domain/entities/portal-user.js';
import type { ImportRowError } from '../../domain/entities/import-row.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import type { ChangeScope } from '../context.js';
import { areasSet, settleGrantsOf } from '../grants/settle.js';
import { redirectLinksToNewEmail } from '../links/address-change.js';
import { issuePasswordLink } from '../outbox.js';
import { GRANTING_ADMINISTRATOR } from '../approvals/rules.js';
import { auditEvent } from '../run.js';
import { permissionsOf, userSnapshot, userTarget } from '../users/user-dto.js';
import {
  administratorChangeOf,
  changesNothing,
  planRow,
  targetOf,
  type AdministratorChange,
  type KnownUsers,
  type PlannedUser,
  type SiteIndex,
} from './plan.js';
import type { ImportRowInput } from './row-input.js';

/** What the chunk knows and keeps up to date as its rows apply: users, sites, enabled Administrators. */
export interface ChunkState {
  known: KnownUsers;
  sites: SiteIndex;
  enabledAdministrators: () => Promise<number>;
  adjustAdministrators(by: number): void;
  /** Written into each row's audit event, as `auditNote` is on the normal path: which import made it. */
  note: Record<string, unknown>;
  /** The approval policy holds changes to Administrators (its `administrators` rule). */
  administratorChangesHeld: boolean;
  platform: string;
}

export type RowOutcome = { state: 'added' | 'updated' | 'unchanged' } | { state: 'failed'; error: ImportRowError };

function assignProfile(user: PortalUser, plan: PlannedUser): void {
  Object.assign(user, {
    userId: plan.userId,
    userIdKey: userIdKey(plan.userId),
    label: plan.label,
    firstName: plan.firstName,
    lastName: plan.lastName,
    email: plan.email,
    emailKey: emailKey(plan.email),
    phone: plan.phone,
    ...plan.permissions,
  });
  if (plan.permissions.accessAllSites) user.sites.removeAll();
  else user.sites.set(plan.sites);
}

/** The change's audit event, as runChange writes it for `user.add` and `user.edit`. */
function audit(
  scope: ChangeScope,
  state: ChunkState,
  action: string,
  user: PortalUser,
  before: object | null,
  after: object,
) {
  scope.em.persist(
    auditEvent(
      {
        accountId: scope.account.id,
        actorId: scope.actor.id,
        actorName: scope.actor.name,
        platform: state.platform,
        action,
        outcome: 'success',
        ...userTarget(user),
        before: before as Record<string, unknown> | null,
        after: { ...after, ...state.note },
      },
      scope.now,
    ),
  );
}

/** Adds a user as `user.add` does: enabled, its sites, its setup email in the outbox when asked. */
function addUser(scope: ChangeScope, state: ChunkState, row: ImportRowInput, plan: PlannedUser): void {
  const user = Object.assign(new PortalUser(), { account: scope.account, state: 'enabled', createdAt: scope.now });
  assignProfile(user, plan);
  user.updatedAt = scope.now;
  scope.em.persist(user);
  state.known.byId.set(user.userIdKey, user);
  state.known.byEmail.set(user.emailKey!, user);
  if (plan.permissions.administrator) state.adjustAdministrators(1);
  if (row.user.sendSetupEmail) issuePasswordLink(scope, user, 'setup', scope.deps.settings.inviteTtlMs);
  audit(scope, state, 'user.add', user, null, { ...userSnapshot(user), setupEmail: row.user.sendSetupEmail });
}

/**
 * Updates a user as `user.edit` and `user.permissions` do together: a new email makes the links
 * mailed to the old address stop working; the last enabled Administrator is not demoted; a grant
 * running in an area the row sets (its Role, or a permission column) keeps what the row set.
 */
async function updateUser(
  scope: ChangeScope,
  state: ChunkState,
  row: ImportRowInput,
  user: PortalUser,
  plan: PlannedUser,
): Promise<RowOutcome> {
  if (changesNothing(plan, user)) return { state: 'unchanged' };
  const demotes = user.administrator && user.state === 'enabled' && !plan.permissions.administrator;
  if (demotes && (await state.enabledAdministrators()) <= 1) {
    const message = `${user.userId} is the last enabled Administrator of ${scope.account.name}, so it was not demoted; make another user an Administrator first.`;
    return { state: 'failed', error: { column: 'Administrator', message } };
  }
  const promotes = !user.administrator && user.state === 'enabled' && plan.permissions.administrator;
  state.adjustAdministrators(demotes ? -1 : promotes ? 1 : 0);
  const before = userSnapshot(user);
  const areas = areasSet(row.given.role ? row.user.role : undefined, permissionsOf(user), plan.permissions);
  const oldEmail = user.email;
  if (user.emailKey) state.known.byEmail.delete(user.emailKey);
  assignProfile(user, plan);
  await settleGrantsOf(scope.em, user, areas, scope.actor, scope.now);
  state.known.byEmail.set(user.emailKey!, user);
  const emailChange = user.email !== oldEmail ? await redirectLinksToNewEmail(scope, user, oldEmail) : null;
  const links = emailChange && { revokedLinks: emailChange.revokedLinks, reissued: emailChange.reissued?.kind ?? null };
  audit(scope, state, 'user.edit', user, before, { ...userSnapshot(user), ...links });
  return { state: 'updated' };
}

/** A change to an Administrator the approval policy holds, which the batch's preview did not show. */
function notApproved(userId: string, change: AdministratorChange): ImportRowError {
  const why = `the preview did not show it (${userId} changed after the preview), so no second Administrator approved it`;
  const again = 'this row was not imported. Upload the file again to have it approved.';
  return change === GRANTING_ADMINISTRATOR
    ? { column: 'Administrator', message: `Making ${userId} an Administrator needs approval, and ${why}; ${again}` }
    : {
        column: 'Email',
        message: `${userId} is an Administrator: changing their email needs approval, and ${why}; ${again}`,
      };
}

/**
 * Applies one valid row of an import, judged again against the account as it is now: what the
 * preview said may no longer hold (the User ID taken, the email someone else's, a site gone, a
 * change to an Administrator that the approval policy would hold and the preview did not show),
 * and then the row fails with why, and the chunk goes on.
 */
export async function applyRow(
  scope: ChangeScope,
  state: ChunkState,
  row: ImportRowInput,
  action: 'add' | 'update',
): Promise<RowOutcome> {
  const target = targetOf(row, state.known);
  if ('error' in target) return { state: 'failed', error: target.error };
  const { current } = target;
  if (action === 'add' && current) {
    const message = `User ID ${row.user.userId} was taken by someone else after the preview; this row was not imported.`;
    return { state: 'failed', error: { column: 'User ID', message } };
  }
  if (action === 'update' && !current) {
    const message = `User ${row.user.userId} no longer exists (changed or removed after the preview); this row was not imported.`;
    return { state: 'failed', error: { column: 'User ID', message } };
  }
  const planned = planRow(row, current, state.sites, scope.account);
  if ('error' in planned) return { state: 'failed', error: planned.error };
  const change = administratorChangeOf(planned.user, current);
  if (change && change !== row.administratorChange && state.administratorChangesHeld) {
    return { state: 'failed', error: notApproved(row.user.userId, change) };
  }
  if (!current) {
    addUser(scope, state, row, planned.user);
    return { state: 'added' };
  }
  return updateUser(scope, state, row, current, planned.user);
}
