import { formatDate, formatRemaining, greeting, renderEmail, type RenderedEmail } from './layout.js';
import { oneLine } from '../../lib/text-fit.js';
import type { PasswordResetEmail } from './password-reset.js';

/** A setup link carries what a reset link does; only the wording differs. */
export type PasswordSetupEmail = PasswordResetEmail;

/** After `user add` with "send password setup email": the account exists, choose a password. */
export function passwordSetupEmail(e: PasswordSetupEmail): RenderedEmail {
  const admin = oneLine(e.requestedByName) || 'An administrator';
  const account = oneLine(e.accountName);
  return renderEmail({
    subject: `Set your password for ${account} on ${e.portalName}`,
    greeting: greeting(e.recipientName),
    intro: [
      `${admin} created a user for you in the account ${account} on ${e.portalName}.`,
      'Choose your password on the page this link opens:',
    ],
    action: { label: 'Set your password', url: e.url },
    outro: [
      `The link works once and expires ${formatRemaining(e.expiresAt, e.now)}, on ${formatDate(e.expiresAt)}. After that, ask ${admin} to send you a password reset link.`,
    ],
    signature: e.portalName,
  });
}
