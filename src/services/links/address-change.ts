import { Invitation } from '../../domain/entities/invitation.js';
import { PasswordLink } from '../../domain/entities/password-link.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import type { ChangeScope } from '../context.js';
import { sendInvitation } from '../invitations/invitations.js';
import { revokeOpenLinks } from './revocation.js';
import { cancelPendingEmails, issuePasswordLink } from '../outbox.js';
import { utcMinuteText } from '../../lib/utc-minute.js';

/** What changing a user's email did to the links mailed to the old address. */
export interface EmailChange {
  from: string;
  to: string;
  /** Invitation and password links that were still usable and stopped working. */
  revokedLinks: number;
  /** What went to the new address instead: a fresh invitation, a fresh password setup link, or nothing. */
  reissued: { kind: 'invitation' | 'password-setup'; expiresAt: Date } | null;
  /** One plain-text sentence or two for the reply. */
  notice: string;
}

function noticeOf(change: Omit<EmailChange, 'notice'>, user: PortalUser, revokedResets: boolean): string {
  const { from, to, revokedLinks, reissued } = change;
  const stopped =
    revokedLinks === 0
      ? `No link emailed to ${from} was still open.`
      : revokedLinks === 1
        ? `The link emailed to ${from} no longer works.`
        : `The ${revokedLinks} links emailed to ${from} no longer work.`;
  if (reissued?.kind === 'invitation')
    return `${stopped} A fresh invitation went to ${to}; it expires ${utcMinuteText(reissued.expiresAt)}.`;
  if (reissued)
    return `${stopped} A fresh password setup link went to ${to}; it expires ${utcMinuteText(reissued.expiresAt)}.`;
  if (revokedResets) return `${stopped} Send \`user reset-password ${user.userId}\` if they still need a new password.`;
  return stopped;
}

/**
 * After a user's email changed, in the change's transaction: every invitation and password link
 * mailed to the old address stops working and its unsent email is cancelled; an invitee gets a
 * fresh invitation at the new address, and so does a user who never set a password and whose
 * setup link was still open (a fresh setup link).
 */
export async function redirectLinksToNewEmail(
  scope: ChangeScope,
  user: PortalUser,
  from: string,
): Promise<EmailChange> {
  const { em, now, deps } = scope;
  const open = { revokedAt: null, expiresAt: { $gt: now } };
  const invitations = await em.find(Invitation, { user, signupCompletedAt: null, ...open });
  const passwordLinks = await em.find(PasswordLink, { user, usedAt: null, ...open });
  await revokeOpenLinks(em, user, now);
  await cancelPendingEmails(
    em,
    [...invitations, ...passwordLinks].map((link) => link.id),
  );

  let reissued: EmailChange['reissued'] = null;
  if (user.state === 'unconfirmed') {
    const last = await em.findOne(Invitation, { user }, { orderBy: { createdAt: 'desc' } });
    const invitation = sendInvitation(scope, user, last?.role ?? 'regular');
    reissued = { kind: 'invitation', expiresAt: invitation.expiresAt };
  } else if (user.passwordHash === null && passwordLinks.some((link) => link.purpose === 'setup')) {
    const link = issuePasswordLink(scope, user, 'setup', deps.settings.inviteTtlMs);
    reissued = { kind: 'password-setup', expiresAt: link.expiresAt };
  }
  const change = { from, to: user.email, revokedLinks: invitations.length + passwordLinks.length, reissued };
  return {
    ...change,
    notice: noticeOf(
      change,
      user,
      passwordLinks.some((link) => link.purpose === 'reset'),
    ),
  };
}
