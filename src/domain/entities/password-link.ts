import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { PortalUser } from './portal-user.js';

export type PasswordLinkPurpose = 'reset' | 'setup';

/**
 * A password-reset link (or, after `user add`, a password-setup link). Like an
 * invitation, its token is minted when the email is sent; only the hash is stored.
 */
export class PasswordLink {
  id: string = randomUUID();
  user!: PortalUser;
  purpose: PasswordLinkPurpose = 'reset';
  requestedBy: PortalUser | null = null;
  tokenHash: string | null = null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  usedAt: Date | null = null;
  revokedAt: Date | null = null;
}

export const PasswordLinkSchema = new EntitySchema<PasswordLink>({
  class: PasswordLink,
  tableName: 'password_links',
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => PortalUser, deleteRule: 'cascade' },
    purpose: { type: 'string', length: 8 },
    requestedBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
    tokenHash: { type: 'string', length: 64, nullable: true, unique: 'password_links_token_hash_unique', hidden: true },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
    revokedAt: { type: 'datetime', nullable: true },
  },
});
