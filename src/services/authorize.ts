import type { EntityManager } from '@mikro-orm/core';
import { PortalUser } from '../domain/entities/portal-user.js';
import { ServiceError } from '../domain/errors.js';

/** User and invitation management, and the audit log, are for Administrators only. */
export function requireAdministrator(
  actor: { administrator: boolean; account: { name: string } },
  what = 'manage portal users',
): void {
  if (!actor.administrator) {
    throw new ServiceError(
      'AUTH.FORBIDDEN',
      `Only portal Administrators can ${what}; ask an Administrator of ${actor.account.name} to do it or to grant you Administrator.`,
    );
  }
}

/** Whether the user's account has an enabled Administrator besides them. */
export async function hasAnotherEnabledAdministrator(em: EntityManager, user: PortalUser): Promise<boolean> {
  const others = await em.count(PortalUser, {
    account: user.account,
    administrator: true,
    state: 'enabled',
    id: { $ne: user.id },
  });
  return others > 0;
}

/**
 * Refuses a change that would leave the account without an enabled Administrator:
 * disabling, deleting or demoting the last one.
 */
export async function requireAnotherEnabledAdministrator(
  em: EntityManager,
  target: PortalUser,
  change: 'disable' | 'delete' | 'demote',
): Promise<void> {
  if (!target.administrator || target.state !== 'enabled') return;
  if (!(await hasAnotherEnabledAdministrator(em, target))) {
    throw new ServiceError(
      'USER.LAST_ADMIN',
      `${target.userId} is the last enabled Administrator of ${target.account.name}, so you cannot ${change} them; make another user an Administrator first.`,
    );
  }
}

/** Nobody deletes or disables themselves: that is for another Administrator to do. */
export function requireNotSelf(actor: PortalUser, target: PortalUser, change: 'delete' | 'disable'): void {
  if (actor.id === target.id) {
    throw new ServiceError('USER.SELF_ACTION', `You cannot ${change} yourself; ask another Administrator to do it.`);
  }
}
