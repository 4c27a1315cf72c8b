import { z } from 'zod/v4';
import type { ServiceDeps } from '../services/context.js';
import type { ClaimedMessage } from './outbox-claims.js';
import { mintLinkToken } from '../services/links/tokens.js';
import { invitationEmail } from './templates/invitation.js';
import type { RenderedEmail } from './templates/layout.js';
import { passwordChangedEmail } from './templates/password-changed.js';
import { passwordResetEmail } from './templates/password-reset.js';
import { passwordSetupEmail } from './templates/password-setup.js';

/** What the worker does with a claimed message. */
export type Composition =
  | { action: 'send'; email: RenderedEmail; link: string | null; token: string | null; tokenHash: string | null }
  | { action: 'cancel'; reason: string }
  | { action: 'fail'; reason: string };

const text = z.string().default('');
const date = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const invitationPayload = z.object({
  invitationId: z.uuid(),
  recipientName: text,
  accountName: text,
  invitedByName: text,
  role: text,
});
const passwordLinkPayload = z.object({
  passwordLinkId: z.uuid(),
  recipientName: text,
  accountName: text,
  requestedByName: text,
});
const passwordChangedPayload = z.object({ recipientName: text, accountName: text, changedAt: date });

/** The same sentence for every link that can no longer be used: revoked, used or expired. */
export const LINK_CLOSED = 'not sent: its link is no longer open (revoked, used or expired)';

function parse<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T | { reason: string } {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || 'payload'))].join(', ');
  return { reason: `not sent: the ${kind} message's payload is not valid (${fields})` };
}

const failed = (value: object): value is { reason: string } => 'reason' in value;

/**
 * Turns an outbox message into an email. For a link email this attempt's token is minted now
 * (only its hash is stored); when the link is no longer open the message is cancelled instead.
 */
export async function composeMessage(
  deps: ServiceDeps,
  message: ClaimedMessage,
  portalName: string,
  loginUrl?: string,
): Promise<Composition> {
  const now = deps.clock.now();
  const delivery = { outboxId: message.id, attempt: message.attempts };
  switch (message.kind) {
    case 'invitation': {
      const p = parse(invitationPayload, message.payload, message.kind);
      if (failed(p)) return { action: 'fail', reason: p.reason };
      const link = await mintLinkToken(deps, 'invitation', p.invitationId, delivery);
      if (!link) return { action: 'cancel', reason: LINK_CLOSED };
      const email = invitationEmail({ portalName, ...p, url: link.url, expiresAt: link.expiresAt, now });
      return { action: 'send', email, link: link.url, token: link.token, tokenHash: link.tokenHash };
    }
    case 'password-setup':
    case 'password-reset': {
      const p = parse(passwordLinkPayload, message.payload, message.kind);
      if (failed(p)) return { action: 'fail', reason: p.reason };
      const link = await mintLinkToken(deps, 'password', p.passwordLinkId, delivery);
      if (!link) return { action: 'cancel', reason: LINK_CLOSED };
      const render = message.kind === 'password-setup' ? passwordSetupEmail : passwordResetEmail;
      const email = render({ portalName, ...p, url: link.url, expiresAt: link.expiresAt, now });
      return { action: 'send', email, link: link.url, token: link.token, tokenHash: link.tokenHash };
    }
    case 'password-changed': {
      const p = parse(passwordChangedPayload, message.payload, message.kind);
      if (failed(p)) return { action: 'fail', reason: p.reason };
      return {
        action: 'send',
        email: passwordChangedEmail({ portalName, loginUrl, ...p }),
        link: null,
        token: null,
        tokenHash: null,
      };
    }
    default:
      return { action: 'fail', reason: `not sent: unknown message kind "${String(message.kind)}"` };
  }
}
