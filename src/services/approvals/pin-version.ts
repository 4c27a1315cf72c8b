import { PortalUser } from '../../domain/entities/portal-user.js';
import { isServiceError } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../context.js';
import type { AnyOperation } from '../operation.js';
import { findUser } from '../users/lookup.js';

/**
 * The input with its target's current version as `expectedVersion`, for an operation that pins
 * versions (approval trait `pinsVersion`) when the input names a user and no version. A request
 * held for approval then carries out exactly the change that was judged and shown to the
 * approver: if the user is changed meanwhile, it fails instead.
 * A reference that finds nobody is left as it is, for the operation to refuse.
 */
export async function pinVersion(
  deps: ServiceDeps,
  actor: Actor,
  operation: AnyOperation,
  input: unknown,
): Promise<unknown> {
  if (!operation.approval.pinsVersion || !input || typeof input !== 'object' || Array.isArray(input)) return input;
  const { user, expectedVersion } = input as { user?: unknown; expectedVersion?: unknown };
  if (expectedVersion !== undefined || typeof user !== 'string' || user.trim() === '') return input;
  const em = deps.orm.em.fork();
  const requester = await em.findOne(PortalUser, { id: actor.userId }, { populate: ['account'] });
  if (!requester) return input;
  const target = await findUser(em, requester.account, user).catch((error: unknown) => {
    if (isServiceError(error)) return null;
    throw error;
  });
  return target ? { ...input, expectedVersion: target.version } : input;
}
