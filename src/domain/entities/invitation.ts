import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import type { RolePreset } from '../permissions.js';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

/**
 * One invitation email to an unconfirmed user. The link's token is minted when the
 * email is sent, and only its hash is kept. A reinvite revokes the user's earlier rows.
 */
export class Invitation {
  id: string = randomUUID();
  account!: Account;
  user!: PortalUser;
  email!: string;
  role!: RolePreset;
  invitedBy: PortalUser | null = null;
  tokenHash: string | null = null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  revokedAt: Date | null = null;
  signupCompletedAt: Date | null = null;
  userCreatedAt: Date | null = null;
}

export const InvitationSchema = new EntitySchema<Invitation>({
  class: Invitation,
  tableName: 'invitations',
  indexes: [{ properties: ['account', 'createdAt'], name: 'invitations_account_created_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    user: { kind: 'm:1', entity: () => PortalUser, deleteRule: 'cascade' },
    email: { type: 'string', length: 254 },
    role: { type: 'string', length: 16 },
    invitedBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
    tokenHash: { type: 'string', length: 64, nullable: true, unique: 'invitations_token_hash_unique', hidden: true },
    createdAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
    signupCompletedAt: { type: 'datetime', nullable: true },
    userCreatedAt: { type: 'datetime', nullable: true },
  },
});
