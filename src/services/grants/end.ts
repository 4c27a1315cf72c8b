import type { EntityManager } from '@mikro-orm/core';
import { AuditEvent } from '../../domain/entities/audit-event.js';
import { Grant } from '../../domain/entities/grant.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { GrantField } from '../../domain/grant-permissions.js';
import { hasAnotherEnabledAdministrator } from '../authorize.js';
import type { ServiceDeps } from '../context.js';
import { auditEvent } from '../run.js';
import { permissionsOf } from '../users/user-dto.js';
import { toGrantDto, type GrantDto } from './grant-dto.js';

/** A stored permission value back as the field holds it (`administrator` is a boolean). */
const fieldValue = (field: string, text: string): string | boolean =>
  field === 'administrator' ? text === 'true' : text;

/** Who changed a grant's area since it started, as its outcome names them. */
const changer = (grant: Grant) => (grant.changedBy ? `an Administrator, ${grant.changedBy},` : 'an Administrator');

/** How a grant ends: on time (the sweeper) or revoked by someone. */
export type GrantEnding = { state: 'ended'; by?: undefined } | { state: 'revoked'; by: { id: string; name: string } };

/**
 * Ends a grant, inside the caller's transaction, exactly once: the grant moves from active only
 * if nobody moved it since it was read (a conditional update on its version), so two sweepers,
 * a sweep and a revoke, or a restart make one end. The permission returns to what it was, unless
 * an Administrator changed that area meanwhile (the later change stands), or returning it would
 * leave the account without an enabled Administrator. Null when someone else ended it first.
 */
export async function endGrant(
  em: EntityManager,
  grant: Grant,
  now: Date,
  ending: GrantEnding,
): Promise<{ grant: GrantDto; restored: boolean } | null> {
  const user = await em.findOneOrFail(PortalUser, { id: grant.user.id }, { populate: ['account'] });
  const field = grant.field as GrantField;
  const current = permissionsOf(user)[field];
  // Set on purpose since (recorded by `settleGrantsOf`), even to the granted level; or otherwise changed.
  const changedSince = grant.changedAt !== null || String(current) !== grant.grantedValue;
  const lastAdministrator =
    !changedSince &&
    field === 'administrator' &&
    grant.previousValue === 'false' &&
    !(await hasAnotherEnabledAdministrator(em, user));
  const restored = !changedSince && !lastAdministrator;
  const how = ending.state === 'revoked' ? `Revoked by ${ending.by.name}` : 'Ended on time';
  const revokedById = ending.by?.id ?? null;
  const outcome = restored
    ? `${how}; ${grant.permission} returned to ${grant.previousValue}.`
    : changedSince
      ? `${how}; ${changer(grant)} changed this area since (now ${String(current)}), so that change stands.`
      : `${how}; ${user.userId} stays an Administrator: they are the account's last enabled one.`;
  const claimed = await em.nativeUpdate(
    Grant,
    { id: grant.id, state: 'active', version: grant.version },
    { state: ending.state, endedAt: now, outcome, revokedById, version: grant.version + 1 },
  );
  if (claimed !== 1) return null;
  Object.assign(grant, { state: ending.state, endedAt: now, outcome, revokedById, version: grant.version + 1 });
  if (restored) {
    Object.assign(user, { [field]: fieldValue(field, grant.previousValue), updatedAt: now });
    await em.flush();
  }
  return { grant: toGrantDto(grant), restored };
}

/** The audit event of a grant's end by the sweeper (a revoke is audited as its operation). */
function endAudit(grant: GrantDto, accountId: string, now: Date): AuditEvent {
  return auditEvent(
    {
      accountId,
      actorId: null,
      actorName: 'Switchboard',
      platform: 'system',
      action: 'grant.end',
      outcome: 'success',
      targetType: 'grant',
      targetId: grant.id,
      targetName: `${grant.permission} of ${grant.user.userId}`,
      before: { state: 'active' },
      after: { state: grant.state, outcome: grant.outcome },
    },
    now,
  );
}

/** Ends one due grant in its own transaction, with its audit event; null when someone else ended it first. */
async function endDueGrant(deps: ServiceDeps, id: string, now: Date): Promise<GrantDto | null> {
  const done = await deps.orm.em.fork().transactional(async (tx) => {
    const fresh = await tx.findOne(Grant, { id, state: 'active' }, { populate: ['user', 'requester'] });
    const result = fresh ? await endGrant(tx, fresh, now, { state: 'ended' }) : null;
    if (result) tx.persist(endAudit(result.grant, fresh!.account.id, now));
    return result;
  });
  return done?.grant ?? null;
}

/**
 * Ends every active grant whose time is up, each in its own transaction with its audit event.
 * Safe in several processes at once; returns the grants this process ended, to tell their users.
 * A grant whose end fails (a conflict, the database busy) is logged and left active for the next
 * sweep; the others still end and are returned.
 */
export async function endDueGrants(deps: ServiceDeps): Promise<GrantDto[]> {
  const now = deps.clock.now();
  // Only the ids: each grant is read again, with its users, inside the transaction that ends it.
  const due = await deps.orm.em
    .fork()
    .find(Grant, { state: 'active', endsAt: { $lte: now } }, { fields: ['id'], limit: 200 });
  const ended: GrantDto[] = [];
  for (const { id } of due) {
    try {
      const grant = await endDueGrant(deps, id, now);
      if (grant) ended.push(grant);
    } catch (error) {
      deps.logger.error({ err: error, grant: id }, 'could not end a time-boxed grant; the next sweep tries again');
    }
  }
  return ended;
}
