import { LinkToken } from '../../domain/entities/link-token.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { hashToken, looksLikeToken, newToken } from '../../domain/tokens.js';
import type { ServiceDeps } from '../context.js';
import { sql } from 'kysely';
import { changeTransaction } from '../../db/grouped-commits.js';
import { isPostgres } from '../../db/dialect.js';
import { dateOf, dateParam, selectRows } from '../../db/sql-rows.js';
import { newId } from '../../domain/ids.js';

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

/** Where each kind of link is kept, the token's column naming it, and the column set once it is used. */
const LINK_COLUMNS = {
  invitation: { table: 'invitations', reference: 'invitation_id', used: 'signup_completed_at' },
  password: { table: 'password_links', reference: 'password_link_id', used: 'used_at' },
} as const;

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
  const { table, reference, used } = LINK_COLUMNS[kind];
  // One statement, committed with the other changes of its group (grouped-commits.ts): the token
  // is written only while its link is open, and says when the link expires. Under load the mail
  // worker mints as many tokens as users are added; a read of the link through the ORM and then
  // an insert cost 0.2 ms more of the event loop for each.
  const rows = await changeTransaction(deps.orm, (em) => {
    const at = (date: Date) => dateParam(em, date);
    // PostgreSQL reads an untyped parameter in a select list as text, not as the column's type.
    const as = (value: unknown, type: string) =>
      isPostgres(em) ? sql`cast(${value} as ${sql.raw(type)})` : sql`${value}`;
    return selectRows(
      em,
      sql`insert into link_tokens (id, token_hash, ${sql.raw(reference)}, outbox_message_id, attempt, created_at)
        select ${as(newId(), 'uuid')}, ${hash}, id, ${as(delivery?.outboxId ?? null, 'uuid')},
          ${as(delivery?.attempt ?? null, 'int')}, ${as(at(now), 'timestamptz')}
        from ${sql.raw(table)}
        where id = ${id} and revoked_at is null and expires_at > ${at(now)} and ${sql.raw(used)} is null
        returning (select expires_at from ${sql.raw(table)} where id = ${id}) as expires_at`,
    );
  });
  if (rows.length === 0) return null;
  const path = kind === 'invitation' ? 'signup' : 'reset';
  const url = `${deps.settings.publicBaseUrl}/${path}/${token}`;
  return { token, tokenHash: hash, url, expiresAt: dateOf(rows[0]!.expires_at) };
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
