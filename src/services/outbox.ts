import type { EntityManager } from '@mikro-orm/core';
import { OutboxMessage, type OutboxKind } from '../domain/entities/outbox-message.js';
import { PasswordLink, type PasswordLinkPurpose } from '../domain/entities/password-link.js';
import type { PortalUser } from '../domain/entities/portal-user.js';
import type { ChangeScope } from './context.js';

/**
 * Records an email in the change's transaction; the mail worker delivers it. The payload
 * holds display values and references only: link tokens are minted at send time.
 */
export function enqueueEmail(em: EntityManager, message: EmailToSend): OutboxMessage {
  const row = outboxMessage(message);
  em.persist(row);
  return row;
}

/** What an email in the outbox is: to whom, of which kind, about what, with which display values. */
export interface EmailToSend {
  accountId: string;
  kind: OutboxKind;
  recipient: string;
  subjectId?: string;
  payload: Record<string, unknown>;
  now: Date;
}

/** An email for the outbox, not yet persisted. */
export function outboxMessage(message: EmailToSend): OutboxMessage {
  const row = new OutboxMessage();
  Object.assign(row, {
    accountId: message.accountId,
    kind: message.kind,
    recipient: message.recipient,
    subjectId: message.subjectId ?? null,
    payload: message.payload,
    nextAttemptAt: message.now,
    createdAt: message.now,
  });
  return row;
}

/** Cancels the emails about these invitations or password links that have not gone out yet. */
export async function cancelPendingEmails(em: EntityManager, subjectIds: string[]): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const cancelled = { status: 'cancelled' as const, lastError: 'cancelled: its link was revoked' };
  return em.nativeUpdate(OutboxMessage, { subjectId: { $in: subjectIds }, status: 'pending' }, cancelled);
}

/** A password-setup or reset link for a user, and its email, in the change's transaction. */
export function issuePasswordLink(
  scope: ChangeScope,
  user: PortalUser,
  purpose: PasswordLinkPurpose,
  ttlMs: number,
): PasswordLink {
  const { link, email } = passwordLinkFor(scope, user, purpose, ttlMs);
  scope.em.persist(link).persist(email);
  return link;
}

/**
 * A password-setup or reset link for a user and the email that sends it, neither persisted: for
 * a change that writes its new rows itself (db/insert-new.ts), the user first.
 */
export function passwordLinkFor(
  scope: Omit<ChangeScope, 'em'>,
  user: PortalUser,
  purpose: PasswordLinkPurpose,
  ttlMs: number,
): { link: PasswordLink; email: OutboxMessage } {
  const { account, now } = scope;
  const link = new PasswordLink();
  Object.assign(link, {
    user,
    purpose,
    requestedBy: scope.actor,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  });
  const email = outboxMessage({
    accountId: account.id,
    kind: purpose === 'setup' ? 'password-setup' : 'password-reset',
    recipient: user.email,
    subjectId: link.id,
    payload: {
      passwordLinkId: link.id,
      recipientName: user.name,
      accountName: account.name,
      requestedByName: scope.actor.name,
      expiresAt: link.expiresAt.toISOString(),
    },
    now,
  });
  return { link, email };
}
