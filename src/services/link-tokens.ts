import { Invitation } from '../domain/entities/invitation.js';
import { PasswordLink } from '../domain/entities/password-link.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { ServiceError } from '../domain/errors.js';
import { hashToken, looksLikeToken, newToken } from '../domain/tokens.js';
import type { ServiceDeps } from './context.js';

export type LinkKind = 'invitation' | 'password';

/** One page and message for every unusable link: invalid, expired, revoked and used alike. */
export const invalidLink = (): ServiceError =>
  ServiceError.field('TOKEN.INVALID', 'token', 'This link is invalid, has expired or has already been used. Ask your portal administrator for a new one.');

const ENTITY = { invitation: Invitation, password: PasswordLink } as const;

/** Open: not revoked, not used, not expired. */
function openConditions(kind: LinkKind, now: Date) {
  const used = kind === 'invitation' ? { signupCompletedAt: null } : { usedAt: null };
  return { revokedAt: null, expiresAt: { $gt: now }, ...used };
}

/**
 * Mints the token of an invitation or password link when its email is sent: 32 random
 * bytes, only the hash stored (a retry replaces the earlier, never-delivered token).
 * Returns null when the link is no longer open, so the email is not sent.
 */
export async function mintLinkToken(deps: ServiceDeps, kind: LinkKind, id: string): Promise<{ token: string; url: string; expiresAt: Date } | null> {
  const em = deps.orm.em.fork();
  const { token, hash } = newToken();
  const updated = await em.nativeUpdate(ENTITY[kind] as typeof Invitation, { id, ...openConditions(kind, deps.clock.now()) } as object, { tokenHash: hash });
  if (updated !== 1) return null;
  const row = (await em.findOneOrFail(ENTITY[kind] as typeof Invitation, { id })) as Invitation | PasswordLink;
  const path = kind === 'invitation' ? 'signup' : 'reset';
  return { token, url: `${deps.settings.publicBaseUrl}/${path}/${token}`, expiresAt: row.expiresAt };
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
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  if (kind === 'invitation') {
    const row = await em.findOne(Invitation, { tokenHash, ...openConditions(kind, now) }, { populate: ['user', 'user.account'] });
    if (!row || row.user.state !== 'unconfirmed') return null;
    return { kind, id: row.id, user: row.user, purpose: 'signup' };
  }
  const row = await em.findOne(PasswordLink, { tokenHash, ...openConditions(kind, now) }, { populate: ['user', 'user.account'] });
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
  const { user } = link;
  return { userId: user.userId, name: user.name, firstName: user.firstName, lastName: user.lastName, email: user.email, accountName: user.account.name, purpose: link.purpose };
}
