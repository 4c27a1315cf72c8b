import { formatDate, formatRemaining, greeting, renderEmail, type RenderedEmail } from './layout.js';
import { oneLine } from '../../lib/text-fit.js';

export interface PasswordResetEmail {
  portalName: string;
  recipientName: string;
  accountName: string;
  requestedByName: string;
  url: string;
  expiresAt: Date;
  now: Date;
}

/** A reset link an administrator sent with `user reset-password`. */
export function passwordResetEmail(e: PasswordResetEmail): RenderedEmail {
  const admin = oneLine(e.requestedByName) || 'An administrator';
  const account = oneLine(e.accountName);
  return renderEmail({
    subject: `Reset your password for ${account} on ${e.portalName}`,
    greeting: greeting(e.recipientName),
    intro: [
      `${admin} sent you a link to choose a new password for your user in the account ${account} on ${e.portalName}.`,
    ],
    action: { label: 'Choose a new password', url: e.url },
    outro: [
      `The link works once and expires ${formatRemaining(e.expiresAt, e.now)}, on ${formatDate(e.expiresAt)}.`,
      'If you did not ask for this, you can ignore this email: your current password keeps working until you choose a new one.',
    ],
    signature: e.portalName,
  });
}
