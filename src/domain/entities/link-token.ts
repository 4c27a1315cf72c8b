import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Invitation } from './invitation.js';
import { PasswordLink } from './password-link.js';

export const LinkTokenSchema = defineEntity({
  name: 'LinkToken',
  tableName: 'link_tokens',
  properties: {
    id: p.uuid().primary(),
    /** SHA-256 of the token in the email's link; the token itself is never stored. */
    tokenHash: p.string().length(64).unique('link_tokens_token_hash_unique').hidden(),
    /** The link it opens: an invitation or a password link. */
    invitation: () =>
      p.manyToOne(Invitation).strictNullable().deleteRule('cascade').index('link_tokens_invitation_index'),
    passwordLink: () =>
      p.manyToOne(PasswordLink).strictNullable().deleteRule('cascade').index('link_tokens_password_link_index'),
    /** The outbox message, and its delivery attempt, whose email carried it (null for tokens minted before 0.2). */
    outboxMessageId: p.uuid().strictNullable(),
    attempt: p.integer().strictNullable(),
    createdAt: p.datetime(),
  },
});

/**
 * One token of an invitation or password link: each delivery attempt of the link's email mints
 * its own, with its own Message-ID, so an email that did reach the recipient keeps working after a
 * crash and a retry. Every token of a link stops working when the link is used, revoked or expired;
 * a token whose email the server refused is deleted.
 */
export class LinkToken extends LinkTokenSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.invitation = null;
    this.passwordLink = null;
    this.outboxMessageId = null;
    this.attempt = null;
    this.createdAt = new Date();
  }
}

LinkTokenSchema.setClass(LinkToken);
