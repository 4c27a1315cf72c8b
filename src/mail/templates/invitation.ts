import { formatDate, formatRemaining, greeting, renderEmail, type RenderedEmail } from './layout.js';
import { oneLine } from '../../lib/text-fit.js';

export interface InvitationEmail {
  portalName: string;
  recipientName: string;
  accountName: string;
  invitedByName: string;
  role: string;
  url: string;
  expiresAt: Date;
  now: Date;
}

const ROLE_NAMES: Record<string, string> = {
  admin: 'an Administrator',
  regular: 'a Regular user',
  'read-only': 'a Read-Only user',
  support: 'a Support user',
};

/** The invitation: who invited you, to which account, as what, the link and when it expires. */
export function invitationEmail(e: InvitationEmail): RenderedEmail {
  const inviter = oneLine(e.invitedByName) || 'An administrator';
  const account = oneLine(e.accountName);
  const role = ROLE_NAMES[e.role];
  return renderEmail({
    subject: `${inviter} invited you to ${account} on ${e.portalName}`,
    greeting: greeting(e.recipientName),
    intro: [
      `${inviter} invited you to join the account ${account} on ${e.portalName}${role ? ` as ${role}` : ''}.`,
      'To accept, choose your password on the page this link opens:',
    ],
    action: { label: 'Accept the invitation', url: e.url },
    outro: [
      `The link works once and expires ${formatRemaining(e.expiresAt, e.now)}, on ${formatDate(e.expiresAt)}. After that, ask ${inviter} for a new invitation.`,
      'If you did not expect this invitation, you can ignore this email; nothing happens unless you open the link and choose a password.',
    ],
    signature: e.portalName,
  });
}
