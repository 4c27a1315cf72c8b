import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { idStartsWith } from '../../db/id-prefix.js';
import { Grant } from '../../domain/entities/grant.js';
import { ServiceError } from '../../domain/errors.js';
import { requireAdministrator } from '../authorize.js';
import { defineOperation } from '../operation.js';
import { findUser } from '../users/lookup.js';
import { userRefInput } from '../users/state.js';
import { endGrant } from './end.js';
import type { GrantDto } from './grant-dto.js';
import { durationInput, grantPermission, permissionInput, reasonInput, startGrant } from './start.js';

export const requestAccessInput = z.object({
  permission: permissionInput,
  durationMs: durationInput,
  reason: reasonInput.min(1, 'Say why you need it: the approvers read it'),
});

/**
 * A portal user asks for a permission for themselves, for a while. Always held for the approval of
 * Administrators other than the requester (whatever the policy's rules); carried out only under
 * that approval, as the requester.
 */
export const requestAccessOperation = defineOperation({
  name: 'access.request',
  label: 'Access request',
  input: requestAccessInput,
  approval: { rules: [], always: 'a request for access' },
  async run(data, scope) {
    if (!scope.dryRun && !scope.approval) {
      throw new ServiceError(
        'GRANT.NEEDS_APPROVAL',
        'A request for access is granted by an Administrator approving it.',
      );
    }
    const permission = grantPermission(data.permission);
    return startGrant(scope, { user: scope.actor, permission, durationMs: data.durationMs, reason: data.reason });
  },
});

export const giveGrantInput = userRefInput.extend({
  permission: permissionInput,
  durationMs: durationInput,
  reason: reasonInput.default(''),
});

/** An Administrator grants a user a permission for a while; the approval policy applies as to any permission change. */
export const giveGrantOperation = defineOperation({
  name: 'grant.give',
  label: 'Time-boxed grant',
  input: giveGrantInput,
  approval: { rules: ['administrators'] },
  async run(data, scope) {
    requireAdministrator(scope.actor, 'grant permissions');
    const permission = grantPermission(data.permission);
    const user = await findUser(scope.em, scope.account, data.user);
    const reason = data.reason || `granted by ${scope.actor.name}`;
    return startGrant(scope, { user, permission, durationMs: data.durationMs, reason });
  },
});

export const revokeGrantInput = z.object({
  grant: z.string({ error: 'Give the grant id (see `grants`)' }).trim().min(4, 'Give the grant id (see `grants`)'),
});

/** The grant of the account named by its id or the start of it (at least 4 characters, one match). */
async function findGrant(scope: { em: EntityManager; account: { id: string } }, ref: string) {
  const key = ref.toLowerCase();
  const where: FilterQuery<Grant> = /^[0-9a-f-]{36}$/.test(key)
    ? { id: key }
    : idStartsWith<Grant>(key.replace(/[^0-9a-f-]/g, ''));
  const found = await scope.em.find(
    Grant,
    { $and: [{ account: scope.account.id }, where] },
    { populate: ['user', 'requester'], limit: 2 },
  );
  if (found.length !== 1) {
    throw ServiceError.field('GRANT.NOT_FOUND', 'grant', `No grant ${ref} in this account; see \`grants all\`.`);
  }
  return found[0]!;
}

/** Ends a grant early: an Administrator any, the holder or requester their own. */
export const revokeGrantOperation = defineOperation({
  name: 'grant.revoke',
  label: 'Revoke grant',
  input: revokeGrantInput,
  approval: { rules: [] },
  async run(data, scope) {
    const grant = await findGrant(scope, data.grant);
    scope.target = {
      targetType: 'grant',
      targetId: grant.id,
      targetName: `${grant.permission} of ${grant.user.userId}`,
    };
    const own = grant.user.id === scope.actor.id || grant.requester.id === scope.actor.id;
    if (!own) requireAdministrator(scope.actor, "revoke other people's grants");
    if (grant.state !== 'active') {
      throw new ServiceError(
        'GRANT.NOT_ACTIVE',
        `Grant ${grant.id.slice(0, 8)} is ${grant.state} already: ${grant.outcome ?? ''}`.trim(),
      );
    }
    const ended = await endGrant(scope.em, grant, scope.now, { state: 'revoked', by: scope.actor });
    if (!ended) throw new ServiceError('GRANT.NOT_ACTIVE', `Grant ${grant.id.slice(0, 8)} has just ended.`);
    return {
      result: ended.grant,
      before: { state: 'active' },
      after: { state: 'revoked', outcome: ended.grant.outcome },
    };
  },
});

export type { GrantDto };
