import { Invitation } from '../../domain/entities/invitation.js';
import { LinkToken } from '../../domain/entities/link-token.js';
import { PasswordLink } from '../../domain/entities/password-link.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { hashToken, looksLikeToken, newToken } from '../../domain/tokens.js';
import type { ServiceDeps } from '../context.js';
import { changeTransaction } from '../../db/grouped-commits.js';

export type LinkKind = 'invitation' | 'password';

/** One page and message for every unusable link: invalid, expired, revoked and used alike. */
export const invalidLink = (): ServiceError =>
  ServiceError.field(
    'TOKEN.INVALID',
    'token',
    'This link is invalid, has expired or has already been used. Ask your portal administrator for a new one.',
  );

/** Open: not revoked, not used, not expired. */
function openConditions(kind: LinkKind, now: Date) {
  const used = kind === 'invitation' ? { signupCompletedAt: null } : { usedAt: null };
  return { revokedAt: null, expiresAt: { $gt: now }, ...used };
}

/** The delivery attempt of an outbox message that carries a token. */
export interface Delivery {
  outboxId: string;
  attempt: number;
}

export interface MintedToken {
  token: string;
  /** What is stored: the token's SHA-256. */
  tokenHash: string;
  url: string;
  expiresAt: Date;
}

/**
 * Mints a token for one attempt to send an invitation or password link's email: 32 random bytes,
 * of which only the hash is stored, next to the link's earlier tokens. An earlier attempt may have
 * reached the recipient before its worker died, so its token keeps working until the link is used,
 * revoked or expires. Returns null when the link is no longer open, so the email is not sent.
 * It is a change of its own (`changeTransaction`): call it outside one, never from a change's work.
 */
export async function mintLinkToken(
  deps: ServiceDeps,
  kind: LinkKind,
  id: string,
  delivery?: Delivery,
): Promise<MintedToken | null> {
  const now = deps.clock.now();
  const { token, hash } = newToken();
  // The read and the insert in one change, committed with the others of its group (grouped-commits.ts)
  // rather than a commit of its own: under load the mail worker mints as many tokens as users are added.
  const link = await changeTransaction(deps.orm, async (em) => {
    const open =
      kind === 'invitation'
        ? await em.findOne(Invitation, { id, ...openConditions(kind, now) })
        : await em.findOne(PasswordLink, { id, ...openConditions(kind, now) });
    if (!open) return null;
    const row = Object.assign(new LinkToken(), {
      tokenHash: hash,
      ...(open instanceof Invitation ? { invitation: open } : { passwordLink: open }),
      outboxMessageId: delivery?.outboxId ?? null,
      attempt: delivery?.attempt ?? null,
      createdAt: now,
    });
    await em.insert(row);
    return open;
  });
  if (!link) return null;
  const path = kind === 'invitation' ? 'signup' : 'reset';
  return { token, tokenHash: hash, url: `${deps.settings.publicBaseUrl}/${path}/${token}`, expiresAt: link.expiresAt };
}

/** Forgets a token whose email the mail server refused: it reached nobody, so nothing may open with it. */
export async function forgetLinkToken(deps: ServiceDeps, tokenHash: string): Promise<void> {
  await deps.orm.em.fork().nativeDelete(LinkToken, { tokenHash });
}

export interface OpenLink {
  kind: LinkKind;
  id: string;
  user: PortalUser;
  purpose: 'signup' | 'setup' | 'reset';
}

/** Finds the open link a token belongs to, without using it up (a GET must not consume it). */
export async function findOpenLink(deps: ServiceDeps, kind: LinkKind, token: string): Promise<OpenLink | null> {
  if (!looksLikeToken(token)) return null;
  const em = deps.orm.em.fork();
  const tokenHash = hashToken(token);
  const open = openConditions(kind, deps.clock.now());
  if (kind === 'invitation') {
    const found = await em.findOne(
      LinkToken,
      { tokenHash, invitation: open },
      { populate: ['invitation.user.account'] },
    );
    const row = found?.invitation;
    if (!row || row.user.state !== 'unconfirmed') return null;
    return { kind, id: row.id, user: row.user, purpose: 'signup' };
  }
  const found = await em.findOne(
    LinkToken,
    { tokenHash, passwordLink: open },
    { populate: ['passwordLink.user.account'] },
  );
  const row = found?.passwordLink;
  if (!row || row.user.state !== 'enabled') return null;
  return { kind, id: row.id, user: row.user, purpose: row.purpose };
}

export interface LinkDescription {
  userId: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  accountName: string;
  purpose: OpenLink['purpose'];
}

/** What a signup or reset page may show about an open link (and check a password against); null when it is not open. */
export async function describeLink(deps: ServiceDeps, kind: LinkKind, token: string): Promise<LinkDescription | null> {
  const link = await findOpenLink(deps, kind, token);
  if (!link) return null;
  const { userId, name, firstName, lastName, email, account } = link.user;
  return { userId, name, firstName, lastName, email, accountName: account.name, purpose: link.purpose };
}
