import type { EntityManager } from '@mikro-orm/core';
import { Invitation } from '../../domain/entities/invitation.js';
import { PasswordLink } from '../../domain/entities/password-link.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';

/** Makes every open invitation and password link of a user stop working. Returns how many. */
export async function revokeOpenLinks(
  em: EntityManager,
  user: PortalUser,
  now: Date,
  which: 'all' | 'invitations' | 'password' = 'all',
): Promise<number> {
  let count = 0;
  if (which !== 'password') {
    count += await em.nativeUpdate(Invitation, { user, revokedAt: null, signupCompletedAt: null }, { revokedAt: now });
  }
  if (which !== 'invitations') {
    count += await em.nativeUpdate(PasswordLink, { user, revokedAt: null, usedAt: null }, { revokedAt: now });
  }
  return count;
}
