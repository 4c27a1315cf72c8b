import type { z } from 'zod/v4';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { addUserInput, editUserInput, setPermissionsInput } from '../../domain/inputs/user-inputs.js';
import { permissionsFor, type Permissions } from '../../domain/permissions.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import type { Actor, ChangeResult, ChangeScope, ServiceDeps } from '../context.js';
import { defineOperation, type OperationRule } from '../operation.js';
import { requireAdministrator, requireAnotherEnabledAdministrator } from '../authorize.js';
import { areasSet, settleGrantsOf } from '../grants/settle.js';
import { redirectLinksToNewEmail, type EmailChange } from '../links/address-change.js';
import { passwordLinkFor } from '../outbox.js';
import { insertNew } from '../../db/insert-new.js';
import { runOperation } from '../run.js';
import {
  findSites,
  findUser,
  requireFreeEmail,
  requireFreeUserId,
  requireFreeUserIdAndEmail,
  requireState,
  requireVersion,
} from './lookup.js';
import { toUserDto, userSnapshot, userTarget, type UserDto } from './user-dto.js';

function applyPermissions(user: PortalUser, permissions: Permissions): void {
  Object.assign(user, permissions);
}

/**
 * A list of sites means access to those sites only: naming sites turns Access All Sites
 * off, and asking for both is refused.
 */
function scopeToSites(
  next: Permissions,
  explicit: Partial<Permissions> | undefined,
  sites: string[] | undefined,
): Permissions {
  if (!sites || sites.length === 0) return next;
  if (explicit?.accessAllSites === true) {
    throw ServiceError.field('VALIDATION.INVALID', 'sites', 'Choose Access All Sites or a list of sites, not both.');
  }
  return { ...next, accessAllSites: false };
}

export { addUserInput, editUserInput, setPermissionsInput };

/** The fields that say whether a new user is an Administrator: all `addedAsAdministratorRules` reads. */
const administratorFields = addUserInput.pick({ role: true, permissions: true });

/**
 * A new user can fall under `administrators` only when added as one (their role and permissions
 * say so, as `run` applies them); a role or permissions that do not parse may fall under it (the
 * change refuses them anyway). Only those two fields are read: the change validates the rest (the
 * whole input parsed here as well cost 16 µs more a submission, most of it the phone number's).
 */
function addedAsAdministratorRules(input: unknown): readonly OperationRule[] {
  const parsed = administratorFields.safeParse(input);
  if (parsed.success && !permissionsFor(parsed.data.role, parsed.data.permissions).administrator) return [];
  return ['administrators'];
}

export const addUserOperation = defineOperation({
  name: 'user.add',
  label: 'Add user',
  input: addUserInput,
  approval: { rules: ['administrators'], rulesFor: addedAsAdministratorRules },
  async run(data, scope): Promise<ChangeResult<UserDto>> {
    const { em, account, now } = scope;
    scope.target = { targetType: 'user', targetId: data.userId, targetName: data.userId };
    requireAdministrator(scope.actor);
    await requireFreeUserIdAndEmail(em, account, data.userId, data.email);
    const sites = await findSites(em, account, data.sites);
    const user = new PortalUser();
    Object.assign(user, {
      account,
      userId: data.userId,
      userIdKey: userIdKey(data.userId),
      label: data.label ?? data.userId,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      emailKey: emailKey(data.email),
      phone: data.phone,
      state: 'enabled',
      createdAt: now,
      updatedAt: now,
    });
    applyPermissions(user, scopeToSites(permissionsFor(data.role, data.permissions), data.permissions, data.sites));
    if (!user.accessAllSites) user.sites.set(sites);
    // The first version, as MikroORM's insert would set it.
    user.version = 1;
    scope.target = userTarget(user);
    const setup = data.sendSetupEmail ? passwordLinkFor(scope, user, 'setup', scope.deps.settings.inviteTtlMs) : null;
    // Plain inserts, not the unit of work: comparing and writing these through it was a tenth of
    // a submitted add's CPU, the busiest change there is (docs/runtime.md).
    await insertNew(em, setup ? [user, setup.link, setup.email] : [user]);
    return {
      result: toUserDto(user),
      before: null,
      after: { ...userSnapshot(user), setupEmail: data.sendSetupEmail },
    };
  },
});

/** The target of an edit: Administrator only, not deleted, and unchanged since the form showed it. */
async function loadUserToChange(
  scope: ChangeScope,
  data: { user: string; expectedVersion?: number },
  action: string,
): Promise<PortalUser> {
  requireAdministrator(scope.actor);
  const user = await findUser(scope.em, scope.account, data.user);
  scope.target = userTarget(user);
  requireVersion(user, data.expectedVersion);
  requireState(user, ['enabled', 'disabled', 'unconfirmed'], action, 'Restore it first.');
  return user;
}

/** An edited user; `emailChange` says what happened to the links mailed to the old address, when the email changed. */
export type EditedUser = UserDto & { emailChange: EmailChange | null };

/**
 * Edits profile fields. A new email makes every invitation and password link mailed to the old
 * address stop working, in the same transaction (see `redirectLinksToNewEmail`).
 */
export const editUserOperation = defineOperation({
  name: 'user.edit',
  label: 'Edit user',
  input: editUserInput,
  approval: { rules: ['administrators'], pinsVersion: true },
  async run(data, scope): Promise<ChangeResult<EditedUser>> {
    const { em, account } = scope;
    const user = await loadUserToChange(scope, data, 'edited');
    const before = userSnapshot(user);
    if (data.userId !== undefined && userIdKey(data.userId) !== user.userIdKey) {
      await requireFreeUserId(em, account, data.userId, user);
    }
    if (data.email !== undefined && emailKey(data.email) !== user.emailKey) {
      await requireFreeEmail(em, account, data.email, user);
    }
    const { user: _ref, expectedVersion: _v, ...fields } = data;
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) Object.assign(user, { [key]: value });
    }
    user.userIdKey = userIdKey(user.userId);
    user.emailKey = emailKey(user.email);
    const emailChange =
      user.email !== before.email ? await redirectLinksToNewEmail(scope, user, String(before.email)) : null;
    await em.flush();
    const links = emailChange && {
      revokedLinks: emailChange.revokedLinks,
      reissued: emailChange.reissued?.kind ?? null,
    };
    return { result: { ...toUserDto(user), emailChange }, before, after: { ...userSnapshot(user), ...links } };
  },
});

export const setPermissionsOperation = defineOperation({
  name: 'user.permissions',
  label: 'Change permissions',
  input: setPermissionsInput,
  approval: { rules: ['administrators'], pinsVersion: true },
  async run(data, scope): Promise<ChangeResult<UserDto>> {
    const { em, account } = scope;
    const user = await loadUserToChange(scope, data, 'given permissions');
    if (!data.role && !data.permissions && !data.sites) {
      throw ServiceError.field(
        'VALIDATION.INVALID',
        'permissions',
        'Nothing to change: give a role, permissions or sites.',
      );
    }
    const before = userSnapshot(user);
    const current = toUserDto(user).permissions;
    const next = scopeToSites(
      data.role ? permissionsFor(data.role, data.permissions) : { ...current, ...data.permissions },
      data.permissions,
      data.sites,
    );
    if (current.administrator && !next.administrator) await requireAnotherEnabledAdministrator(em, user, 'demote');
    applyPermissions(user, next);
    await settleGrantsOf(em, user, areasSet(data.role, current, next), scope.actor, scope.now);
    if (user.accessAllSites) user.sites.removeAll();
    else if (data.sites) user.sites.set(await findSites(em, account, data.sites));
    await em.flush();
    return { result: toUserDto(user), before, after: userSnapshot(user) };
  },
});

/** Adds a user at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const addUser = (deps: ServiceDeps, actor: Actor, input: z.input<typeof addUserInput>) =>
  runOperation(deps, actor, addUserOperation, input);
/** Edits a user at once, ungated. */
export const editUser = (deps: ServiceDeps, actor: Actor, input: z.input<typeof editUserInput>) =>
  runOperation(deps, actor, editUserOperation, input);
/** Sets a user's permissions at once, ungated. */
export const setPermissions = (deps: ServiceDeps, actor: Actor, input: z.input<typeof setPermissionsInput>) =>
  runOperation(deps, actor, setPermissionsOperation, input);
