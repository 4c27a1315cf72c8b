import type { EntityManager } from '@mikro-orm/core';
import { sql } from 'kysely';
import { selectRows } from '../../db/sql-rows.js';
import type { Account } from '../../domain/entities/account.js';
import { PortalUser, type UserState } from '../../domain/entities/portal-user.js';
import { Site } from '../../domain/entities/site.js';
import { ServiceError } from '../../domain/errors.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';

/**
 * Finds a user of the account by User ID (ignoring case) or, failing that, by email.
 * A User ID may itself contain `@`, so the User ID is tried first.
 */
export async function findUser(em: EntityManager, account: Account, ref: string, field = 'user'): Promise<PortalUser> {
  const key = ref.trim().toLowerCase();
  const byId = await em.findOne(PortalUser, { account, userIdKey: userIdKey(key) }, { populate: ['sites', 'account'] });
  if (byId) return byId;
  const byEmail = await em.findOne(
    PortalUser,
    { account, emailKey: emailKey(key) },
    { populate: ['sites', 'account'] },
  );
  if (byEmail) return byEmail;
  throw userNotFound(account, ref, field);
}

/**
 * The refusal when a User ID or email names nobody in the account. `users all` leaves out
 * deleted users, and a deleted user's email no longer finds them (only their User ID does).
 */
export function userNotFound(account: { name: string }, ref: string, field = 'user'): ServiceError {
  const given = ref.trim();
  const where = given.includes('@')
    ? "(see `users all`). A deleted user's email no longer finds them: give their User ID (see `users deleted`)."
    : '(see `users all`, or `users deleted` for deleted users).';
  return ServiceError.field(
    'USER.NOT_FOUND',
    field,
    `No user "${given}" in ${account.name}; give a User ID or email ${where}`,
  );
}

export function requireState(user: PortalUser, allowed: UserState[], action: string, hint = ''): void {
  if (!allowed.includes(user.state)) {
    throw new ServiceError(
      'USER.INVALID_STATE',
      `${user.userId} is ${user.state}, so it cannot be ${action}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

/** Sites of the account by account number, name or id; unknown ones are a field error. */
export async function findSites(em: EntityManager, account: Account, refs: string[], field = 'sites'): Promise<Site[]> {
  if (refs.length === 0) return [];
  const all = await em.find(Site, { account }, { orderBy: { name: 'asc' } });
  const found: Site[] = [];
  for (const ref of refs) {
    const key = ref.trim().toLowerCase();
    const site = all.find((s) => s.id === ref || s.accountNumber.toLowerCase() === key || s.name.toLowerCase() === key);
    if (!site) {
      throw ServiceError.field(
        'SITE.NOT_FOUND',
        field,
        `No site "${ref}" in ${account.name}; give a site's account number or name.`,
      );
    }
    if (!found.includes(site)) found.push(site);
  }
  return found;
}

/** The refusal of a User ID another user of the account has (`holderState`: theirs). */
function userIdTaken(userId: string, holderState: string): ServiceError {
  const reserved = holderState === 'deleted' ? ' by a deleted user (User IDs stay reserved after delete)' : '';
  return ServiceError.field(
    'USER.DUPLICATE_ID',
    'userId',
    `User ID ${userId} is already taken${reserved}; choose another.`,
  );
}

/** The refusal of an email another user of the account (`holder`, in `holderState`) has. */
function emailTaken(email: string, holder: string, holderState: string): ServiceError {
  const hint = holderState === 'unconfirmed' ? ' (an open invitation: reinvite or cancel it instead)' : '';
  return ServiceError.field(
    'USER.DUPLICATE_EMAIL',
    'email',
    `${email} is already the email of ${holder}${hint}; use a different email.`,
  );
}

/** Refuses a User ID already used in the account (deleted users keep theirs). */
export async function requireFreeUserId(
  em: EntityManager,
  account: Account,
  userId: string,
  except?: PortalUser,
): Promise<void> {
  const holder = await em.findOne(PortalUser, { account, userIdKey: userIdKey(userId) });
  if (holder && holder !== except) throw userIdTaken(userId, holder.state);
}

/** Refuses an email another non-deleted user of the account has (case ignored). */
export async function requireFreeEmail(
  em: EntityManager,
  account: Account,
  email: string,
  except?: PortalUser,
): Promise<void> {
  const holder = await em.findOne(PortalUser, { account, emailKey: emailKey(email) });
  if (holder && holder !== except) throw emailTaken(email, holder.userId, holder.state);
}

/**
 * For a new user: refuses a User ID or an email already used in the account, as
 * `requireFreeUserId` then `requireFreeEmail` would, in one read of plain rows.
 */
export async function requireFreeUserIdAndEmail(
  em: EntityManager,
  account: Account,
  userId: string,
  email: string,
): Promise<void> {
  const [idKey, mailKey] = [userIdKey(userId), emailKey(email)];
  const holders = await selectRows(
    em,
    sql`select user_id, user_id_key, email_key, state from portal_users
      where account_id = ${account.id} and (user_id_key = ${idKey} or email_key = ${mailKey})`,
  );
  const byId = holders.find((row) => row.user_id_key === idKey);
  if (byId) throw userIdTaken(userId, String(byId.state));
  const byEmail = holders.find((row) => row.email_key === mailKey);
  if (byEmail) throw emailTaken(email, String(byEmail.user_id), String(byEmail.state));
}

/** Refuses to save over a change someone else made after the form was opened. */
export function requireVersion(user: PortalUser, expected: number | undefined): void {
  if (expected !== undefined && expected !== user.version) {
    throw new ServiceError(
      'USER.CONFLICT',
      `${user.userId} was changed by someone else after you opened it; nothing was saved. Open it again to see the current values.`,
    );
  }
}
