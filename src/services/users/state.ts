import type { z } from 'zod/v4';
import type { PortalUser, UserState } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
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

/** What to do instead, for a user in a state the change does not start from (by User ID). */
type Hints = Partial<Record<UserState, (userId: string) => string>>;

interface StateRule {
  from: UserState[];
  to: UserState;
  past: string;
  /** The hint for a state `hints` does not name. */
  hint: string;
  hints: Hints;
}

/** An unconfirmed user (invited, no password yet) is withdrawn, not disabled or deleted. */
const cancelInvitation = (userId: string) => `To withdraw their invitation use \`invite cancel ${userId}\`.`;

const RULES: Record<StateChange, StateRule> = {
  enable: {
    from: ['disabled'],
    to: 'enabled',
    past: 'enabled',
    hint: 'Only disabled users can be enabled.',
    hints: {
      unconfirmed: (id) => `They get in by accepting their invitation; send a new one with \`reinvite ${id}\`.`,
      deleted: (id) => `Restore them first with \`user restore ${id}\` (they come back disabled).`,
    },
  },
  disable: {
    from: ['enabled'],
    to: 'disabled',
    past: 'disabled',
    hint: 'Only enabled users can be disabled.',
    hints: { unconfirmed: cancelInvitation },
  },
  delete: {
    from: ['enabled', 'disabled'],
    to: 'deleted',
    past: 'deleted',
    hint: '',
    hints: { unconfirmed: cancelInvitation },
  },
  restore: {
    from: ['deleted'],
    to: 'disabled',
    past: 'restored',
    hint: 'Only deleted users can be restored.',
    hints: {},
  },
};

/**
 * Refuses a change from a state it does not start from, saying what to do instead; a user
 * already in the state the change leads to (disabling a disabled user) is told so.
 */
function requireChangeable(user: PortalUser, change: StateChange): void {
  const rule = RULES[change];
  const state: UserState = user.state;
  if (rule.from.includes(state)) return;
  if (state === rule.to && change !== 'restore') {
    throw new ServiceError('USER.INVALID_STATE', `${user.userId} is ${rule.past} already; nothing changed.`);
  }
  requireState(user, rule.from, rule.past, rule.hints[state]?.(user.userId) ?? rule.hint);
}

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
      requireChangeable(user, change);
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
