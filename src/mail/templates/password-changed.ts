import { formatDate, greeting, renderEmail, type RenderedEmail } from './layout.js';
import { oneLine } from '../../lib/text-fit.js';

export interface PasswordChangedEmail {
  portalName: string;
  recipientName: string;
  accountName: string;
  changedAt: Date;
  /** PORTAL_LOGIN_URL, when set: where to sign in with the new password. */
  loginUrl?: string | undefined;
}

/** The notice after a password was set from a reset or setup link. It carries no link. */
export function passwordChangedEmail(e: PasswordChangedEmail): RenderedEmail {
  const account = oneLine(e.accountName);
  return renderEmail({
    subject: `Your password for ${account} on ${e.portalName} was changed`,
    greeting: greeting(e.recipientName),
    intro: [
      `The password of your user in the account ${account} on ${e.portalName} was changed on ${formatDate(e.changedAt)}.`,
    ],
    ...(e.loginUrl ? { action: { label: `Sign in to ${e.portalName}`, url: e.loginUrl } } : {}),
    outro: [
      'If you made this change, there is nothing else to do.',
      'If you did not, contact your portal administrator right away: they can disable your user and send you a new reset link.',
    ],
    signature: e.portalName,
  });
}
