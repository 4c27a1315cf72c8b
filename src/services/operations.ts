import type { Actor, ServiceDeps } from './context.js';
import { cancelInvitation, inviteUser, reinviteUser } from './invitations/invitations.js';
import { requestPasswordResets } from './links/password-resets.js';
import { addUser, editUser, setPermissions } from './users/profile.js';
import { deleteUser, disableUser, enableUser, restoreUser } from './users/state.js';
import { changeE911Address, editVoiceUser, setVoicePassword, setVoicePin } from './voice/index.js';

/**
 * Every change as a named operation: the same `{ name, input }` is what a command or form
 * produces on any platform, what an approval request stores, and what the audit log names.
 * Each function validates its input with its own zod schema.
 */
export const OPERATIONS = {
  'user.add': addUser,
  'user.edit': editUser,
  'user.permissions': setPermissions,
  'user.enable': enableUser,
  'user.disable': disableUser,
  'user.delete': deleteUser,
  'user.restore': restoreUser,
  'user.reset-password': requestPasswordResets,
  'invite.create': inviteUser,
  'invite.resend': reinviteUser,
  'invite.cancel': cancelInvitation,
  'voice.edit': editVoiceUser,
  'voice.pin': setVoicePin,
  'voice.password': setVoicePassword,
  'voice.e911': changeE911Address,
} as const;

export type OperationName = keyof typeof OPERATIONS;

export interface Operation<N extends OperationName = OperationName> {
  name: N;
  input: unknown;
}

export type OperationResult<N extends OperationName> = Awaited<ReturnType<(typeof OPERATIONS)[N]>>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Carries out an operation for an actor. */
export function execute<N extends OperationName>(
  deps: ServiceDeps,
  actor: Actor,
  operation: Operation<N>,
): Promise<OperationResult<N>> {
  const run = OPERATIONS[operation.name] as (
    deps: ServiceDeps,
    actor: Actor,
    input: unknown,
  ) => Promise<OperationResult<N>>;
  return run(deps, actor, operation.input);
}
