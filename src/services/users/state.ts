import type { z } from 'zod/v4';
import type { UserState } from '../../domain/entities/portal-user.js';
import { userRefInput } from '../../domain/inputs/user-inputs.js';
import { emailKey } from '../../domain/user-fields.js';
import type { Actor, ServiceDeps } from '../context.js';
import { defineOperation, type OperationRule } from '../operation.js';
import { requireAdministrator, requireAnotherEnabledAdministrator, requireNotSelf } from '../authorize.js';
import { revokeOpenLinks } from '../links/revocation.js';
import { runOperation } from '../run.js';
import { findUser, requireFreeEmail, requireState, requireVersion } from './lookup.js';
import { toUserDto, userSnapshot, userTarget, type UserDto } from './user-dto.js';

export { userRefInput };

type StateChange = 'enable' | 'disable' | 'delete' | 'restore';

const RULES: Record<StateChange, { from: UserState[]; to: UserState; past: string; hint: string }> = {
  enable: {
    from: ['disabled'],
    to: 'enabled',
    past: 'enabled',
    hint: 'Only disabled users can be enabled; an unconfirmed user needs `reinvite`, a deleted one `user restore`.',
  },
  disable: {
    from: ['enabled'],
    to: 'disabled',
    past: 'disabled',
    hint: 'Only enabled users can be disabled; cancel an open invitation with `invite cancel`.',
  },
  delete: {
    from: ['enabled', 'disabled'],
    to: 'deleted',
    past: 'deleted',
    hint: 'To withdraw an open invitation use `invite cancel`.',
  },
  restore: { from: ['deleted'], to: 'disabled', past: 'restored', hint: 'Only deleted users can be restored.' },
};

/** A change of state, as an operation: `user.enable`, `user.disable`, `user.delete`, `user.restore`. */
function stateOperation<C extends StateChange>(change: C, label: string, rules: readonly OperationRule[]) {
  const rule = RULES[change];
  return defineOperation({
    name: `user.${change}`,
    label,
    input: userRefInput,
    approval: { rules, pinsVersion: true },
    async run(data, scope) {
      const { em, account, now } = scope;
      requireAdministrator(scope.actor);
      const user = await findUser(em, account, data.user);
      scope.target = userTarget(user);
      requireVersion(user, data.expectedVersion);
      requireState(user, rule.from, rule.past, rule.hint);
      if (change === 'delete' || change === 'disable') {
        requireNotSelf(scope.actor, user, change);
        await requireAnotherEnabledAdministrator(em, user, change);
        await revokeOpenLinks(em, user, now);
      }
      if (change === 'restore') await requireFreeEmail(em, account, user.email, user);
      const before = userSnapshot(user);
      user.state = rule.to;
      user.deletedAt = change === 'delete' ? now : null;
      // A deleted user keeps the record and its User ID, but frees the email for someone else.
      user.emailKey = change === 'delete' ? null : emailKey(user.email);
      await em.flush();
      return { result: toUserDto(user) as UserDto, before, after: userSnapshot(user) };
    },
  });
}

export const enableUserOperation = stateOperation('enable', 'Enable user', ['administrators']);
export const disableUserOperation = stateOperation('disable', 'Disable user', []);
/** Delete keeps the record for the logs; the User ID stays reserved. */
export const deleteUserOperation = stateOperation('delete', 'Delete user', ['user-removal']);
/** A restored user comes back disabled, to be enabled on purpose. */
export const restoreUserOperation = stateOperation('restore', 'Restore user', ['administrators', 'user-removal']);

type UserRef = z.input<typeof userRefInput>;

/** Enables a user at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const enableUser = (deps: ServiceDeps, actor: Actor, input: UserRef) =>
  runOperation(deps, actor, enableUserOperation, input);
/** Disables a user at once, ungated. */
export const disableUser = (deps: ServiceDeps, actor: Actor, input: UserRef) =>
  runOperation(deps, actor, disableUserOperation, input);
/** Deletes a user at once, ungated. */
export const deleteUser = (deps: ServiceDeps, actor: Actor, input: UserRef) =>
  runOperation(deps, actor, deleteUserOperation, input);
/** Restores a user at once, ungated. */
export const restoreUser = (deps: ServiceDeps, actor: Actor, input: UserRef) =>
  runOperation(deps, actor, restoreUserOperation, input);
