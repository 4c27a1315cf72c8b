import type { ChangeHooks, Actor, ServiceDeps } from './context.js';
import { cancelInvitationOperation, inviteUserOperation, reinviteUserOperation } from './invitations/invitations.js';
import { giveGrantOperation, requestAccessOperation, revokeGrantOperation } from './grants/operations.js';
import { importUsersOperation } from './imports/operations.js';
import { resetPasswordsOperation } from './links/password-resets.js';
import { operationList, type AnyOperation, type OperationList } from './operation.js';
import { closeReviewOperation } from './reviews/close.js';
import { keepItemOperation, revokeItemOperation } from './reviews/decide.js';
import { startReviewOperation } from './reviews/start.js';
import { runOperation } from './run.js';
import { addUserOperation, editUserOperation, setPermissionsOperation } from './users/profile.js';
import { deleteUserOperation, disableUserOperation, enableUserOperation, restoreUserOperation } from './users/state.js';
import { changeE911Operation } from './voice/e911.js';
import { editVoiceUserOperation } from './voice/edit.js';
import { setVoicePasswordOperation } from './voice/password.js';
import { setVoicePinOperation } from './voice/pin.js';

/**
 * Every change, as its operation (see operation.ts): the same `{ name, input }` is what a command
 * or form produces on any platform, what an approval request stores, and what the audit log names.
 * An explicit, frozen list: a new operation is added here, and nowhere else outside its own file.
 */
export const OPERATION_DEFINITIONS = Object.freeze([
  addUserOperation,
  editUserOperation,
  setPermissionsOperation,
  enableUserOperation,
  disableUserOperation,
  deleteUserOperation,
  restoreUserOperation,
  resetPasswordsOperation,
  inviteUserOperation,
  reinviteUserOperation,
  cancelInvitationOperation,
  editVoiceUserOperation,
  setVoicePinOperation,
  setVoicePasswordOperation,
  changeE911Operation,
  requestAccessOperation,
  giveGrantOperation,
  revokeGrantOperation,
  startReviewOperation,
  keepItemOperation,
  revokeItemOperation,
  closeReviewOperation,
  importUsersOperation,
] as const);

/** The operations of the portal, by name. */
export const OPERATIONS: OperationList = operationList(OPERATION_DEFINITIONS);

type Definitions = (typeof OPERATION_DEFINITIONS)[number];

/** The name of one of the portal's operations. */
export type OperationName = Definitions['name'];

/** An operation to carry out: its name and its input as given (validated by the operation's schema). */
export interface Operation<N extends string = string> {
  name: N;
  input: unknown;
}

/** What the portal operation of this name returns. */
export type OperationResult<N extends OperationName> =
  Extract<Definitions, { name: N }> extends { run(...args: never[]): Promise<{ result: infer T }> } ? T : never;

export function isOperationName(name: string): name is OperationName {
  return OPERATIONS.byName(name) !== undefined;
}

/** The operations the deps know: the portal's, unless the services were made with others. */
export function operationsOf(deps: Pick<ServiceDeps, 'operations'>): OperationList {
  return deps.operations ?? OPERATIONS;
}

/** The definition an operation names, among those the deps know; an unknown name is a bug, thrown. */
export function definitionOf(deps: Pick<ServiceDeps, 'operations'>, name: string): AnyOperation {
  const definition = operationsOf(deps).byName(name);
  if (!definition) throw new Error(`unknown operation ${name}`);
  return definition;
}

/** Carries out an operation, named, for an actor (ungated), with the hooks given. */
export function execute(
  deps: ServiceDeps,
  actor: Actor,
  operation: Operation,
  hooks: ChangeHooks = {},
): Promise<unknown> {
  return runOperation(deps, actor, definitionOf(deps, operation.name), operation.input, hooks);
}
