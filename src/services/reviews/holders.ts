import type { EntityManager } from '@mikro-orm/core';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { GrantPermission } from '../../domain/grant-permissions.js';
import { holderValues } from '../../domain/review-permissions.js';

/**
 * Who in the account holds the permission now (see domain/review-permissions.ts for who counts),
 * leaving out the users `except` names; in User ID order. A review's items at its start, and at
 * its close who gained it since.
 */
export function holdersOf(
  em: EntityManager,
  accountId: string,
  permission: GrantPermission,
  except: readonly string[] = [],
): Promise<PortalUser[]> {
  return em.find(
    PortalUser,
    {
      account: accountId,
      state: { $ne: 'deleted' },
      [permission.field]: { $in: holderValues(permission) },
      ...(except.length > 0 ? { id: { $nin: [...except] } } : {}),
    },
    { orderBy: { userIdKey: 'asc' } },
  );
}
