import { z } from 'zod/v4';
import { Grant } from '../../domain/entities/grant.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import {
  currentPermissionText,
  holdsPermission,
  parseGrantPermission,
  type GrantPermission,
} from '../../domain/grant-permissions.js';
import { formatDuration } from '../../lib/duration.js';
import type { ChangeResult, ChangeScope } from '../context.js';
import { permissionsOf, userSnapshot, userTarget } from '../users/user-dto.js';
import { toGrantDto, type GrantDto } from './grant-dto.js';
import { utcMinuteText } from '../../lib/utc-minute.js';

/** GRANT_MAX when not configured. */
export const DEFAULT_GRANT_MAX_MS = 8 * 3_600_000;
/** A grant's length when none is given. */
export const DEFAULT_GRANT_MS = 3_600_000;
/** The shortest grant: the sweeper ends grants once a minute, so a shorter one would not end on time. */
export const MIN_GRANT_MS = 60_000;

export const permissionInput = z
  .string({ error: 'Give a permission such as orders:manage' })
  .trim()
  .min(1, 'Give a permission such as orders:manage');
export const durationInput = z
  .number({ error: 'Give how long, such as 30m or 4h' })
  .int()
  .positive('Give how long, such as 30m or 4h')
  .default(DEFAULT_GRANT_MS);
export const reasonInput = z.string().trim().max(500, 'The reason must be at most 500 characters');

/** The permission named, or a field error saying which ones exist. */
export function grantPermission(text: string): GrantPermission {
  const parsed = parseGrantPermission(text);
  if (typeof parsed === 'string') throw ServiceError.field('GRANT.UNKNOWN_PERMISSION', 'permission', parsed);
  return parsed;
}

/** A stored permission value (text) as the user entity holds it. */
const stored = (value: string | boolean) => String(value);

export interface GrantStart {
  user: PortalUser;
  permission: GrantPermission;
  durationMs: number;
  reason: string;
}

/**
 * Raises one permission of an enabled user until the grant ends, inside the change's transaction:
 * refused when they already hold it (or more), when a grant of that area is still running for
 * them, or when it is longer than GRANT_MAX. The grant remembers the value to return to.
 */
export async function startGrant(scope: ChangeScope, start: GrantStart): Promise<ChangeResult<GrantDto>> {
  const { em, now, deps, account } = scope;
  const { user, permission, durationMs } = start;
  scope.target = userTarget(user);
  const maxMs = deps.settings.grantMaxMs ?? DEFAULT_GRANT_MAX_MS;
  if (durationMs > maxMs) {
    throw ServiceError.field(
      'GRANT.TOO_LONG',
      'duration',
      `A grant lasts at most ${formatDuration(maxMs)} (GRANT_MAX); ask for ${formatDuration(maxMs)} or less.`,
    );
  }
  if (durationMs < MIN_GRANT_MS) {
    throw ServiceError.field(
      'GRANT.TOO_SHORT',
      'duration',
      `A grant lasts at least 1m (grants end on a one-minute sweep); ask for 1m or more, such as 30m or 1h 30m.`,
    );
  }
  if (user.state !== 'enabled') {
    throw new ServiceError('USER.INVALID_STATE', `${user.userId} is ${user.state}; only enabled users get grants.`);
  }
  const current = permissionsOf(user);
  if (holdsPermission(current, permission)) {
    throw ServiceError.field(
      'GRANT.ALREADY_HELD',
      'permission',
      `${user.userId} already has ${permission.text} (${currentPermissionText(current, permission.field)}); nothing to grant.`,
    );
  }
  const running = await em.findOne(Grant, { account, user, field: permission.field, state: 'active' });
  if (running) {
    throw ServiceError.field(
      'GRANT.ALREADY_ACTIVE',
      'permission',
      `${user.userId} has a grant of ${running.permission} running until ${utcMinuteText(running.endsAt)} ` +
        `(${running.id.slice(0, 8)}); revoke it first or wait for it to end.`,
    );
  }
  const before = userSnapshot(user);
  const grant = Object.assign(new Grant(), {
    account,
    user,
    requester: scope.actor,
    permission: permission.text,
    field: permission.field,
    grantedValue: stored(permission.value),
    previousValue: stored(current[permission.field]),
    reason: start.reason,
    approvers: scope.approval?.approvers ?? [],
    approvalRequestId: scope.approval?.requestId ?? null,
    platform: scope.platform ?? 'system',
    startedAt: now,
    endsAt: new Date(now.getTime() + durationMs),
  });
  Object.assign(user, { [permission.field]: permission.value, updatedAt: now });
  em.persist(grant);
  await em.flush();
  const lasting = formatDuration(durationMs);
  return {
    result: toGrantDto(grant),
    before,
    after: { ...userSnapshot(user), grant: `${permission.text} for ${lasting}`, reason: start.reason },
  };
}
