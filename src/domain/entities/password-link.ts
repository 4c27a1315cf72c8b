import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { PortalUser } from './portal-user.js';

export type PasswordLinkPurpose = 'reset' | 'setup';

export const PasswordLinkSchema = defineEntity({
  name: 'PasswordLink',
  tableName: 'password_links',
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    purpose: p.string().length(8).$type<PasswordLinkPurpose>().default('reset'),
    requestedBy: () => p.manyToOne(PortalUser).strictNullable().deleteRule('set null'),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().strictNullable(),
    revokedAt: p.datetime().strictNullable(),
  },
});

/**
 * A password-reset link (or, after `user add`, a password-setup link). Like an
 * invitation, each sending of its email mints a token (see LinkToken); only hashes are stored.
 */
export class PasswordLink extends PasswordLinkSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.purpose = 'reset';
    this.requestedBy = null;
    this.createdAt = new Date();
    this.usedAt = null;
    this.revokedAt = null;
  }
}

PasswordLinkSchema.setClass(PasswordLink);
