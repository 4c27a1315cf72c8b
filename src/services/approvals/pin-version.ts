import { PortalUser } from '../../domain/entities/portal-user.js';
import { isServiceError } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../context.js';
import type { Operation, OperationName } from '../operations.js';
import { findUser } from '../users/lookup.js';

/** Operations on one portal user that refuse to run over any version but the one they are given. */
const VERSIONED: ReadonlySet<OperationName> = new Set([
  'user.edit',
  'user.permissions',
  'user.enable',
  'user.disable',
  'user.delete',
  'user.restore',
]);

/**
 * The operation with its target's current version as `expectedVersion`, when it names a user
 * and no version. A request held for approval then carries out exactly the change that was
 * judged and shown to the approver: if the user is changed meanwhile, it fails instead.
 * A reference that finds nobody is left as it is, for the operation to refuse.
 */
export async function pinVersion(deps: ServiceDeps, actor: Actor, operation: Operation): Promise<Operation> {
  const input = operation.input;
  if (!VERSIONED.has(operation.name) || !input || typeof input !== 'object' || Array.isArray(input)) return operation;
  const { user, expectedVersion } = input as { user?: unknown; expectedVersion?: unknown };
  if (expectedVersion !== undefined || typeof user !== 'string' || user.trim() === '') return operation;
  const em = deps.orm.em.fork();
  const requester = await em.findOne(PortalUser, { id: actor.userId }, { populate: ['account'] });
  if (!requester) return operation;
  const target = await findUser(em, requester.account, user).catch((error: unknown) => {
    if (isServiceError(error)) return null;
    throw error;
  });
  return target ? { ...operation, input: { ...input, expectedVersion: target.version } } : operation;
}
