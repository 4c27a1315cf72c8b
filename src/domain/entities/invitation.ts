import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import type { RolePreset } from '../permissions.js';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const InvitationSchema = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  indexes: [{ properties: ['account', 'createdAt'], name: 'invitations_account_created_index' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    user: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    email: p.string().length(254),
    role: p.string().length(16).$type<RolePreset>(),
    invitedBy: () => p.manyToOne(PortalUser).strictNullable().deleteRule('set null'),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().strictNullable(),
    signupCompletedAt: p.datetime().strictNullable(),
    userCreatedAt: p.datetime().strictNullable(),
  },
});

/**
 * One invitation email to an unconfirmed user. Each sending of its email mints a token
 * (see LinkToken), of which only the hash is kept. A reinvite revokes the user's earlier rows.
 */
export class Invitation extends InvitationSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.invitedBy = null;
    this.createdAt = new Date();
    this.revokedAt = null;
    this.signupCompletedAt = null;
    this.userCreatedAt = null;
  }
}

InvitationSchema.setClass(Invitation);
