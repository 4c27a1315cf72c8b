import type { Account } from '../../domain/entities/account.js';
import type { ImportRowError } from '../../domain/entities/import-row.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import type { Site } from '../../domain/entities/site.js';
import { permissionsFor, type Permissions } from '../../domain/permissions.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import { CHANGING_ADMINISTRATOR_EMAIL, GRANTING_ADMINISTRATOR } from '../approvals/rules.js';
import { permissionsOf } from '../users/user-dto.js';
import type { ImportRowInput } from './row-input.js';

/**
 * What one valid row does to the account, judged the same way by the preview and by the runner
 * (which judges again, chunk by chunk, against the state of then): add or update whom, with which
 * profile, permissions and sites, or why it cannot.
 */

/** The sites of an account by how a row may name them: account number, name or id, case ignored. */
export type SiteIndex = Map<string, Site>;

export function siteIndex(sites: Site[]): SiteIndex {
  const index: SiteIndex = new Map();
  for (const site of sites) {
    for (const key of [site.id, site.accountNumber, site.name]) index.set(key.trim().toLowerCase(), site);
  }
  return index;
}

export interface PlannedUser {
  userId: string;
  label: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  permissions: Permissions;
  /** The sites of a user without Access All Sites, in the order given. */
  sites: Site[];
}

/** A column's problem, as a row error. */
const problem = (column: string | null, message: string): { error: ImportRowError } => ({
  error: { column, message },
});

/**
 * The user a row makes: over `current` (an update) or new (an add). Blank Role, User Label and
 * Sites keep what an existing user has; explicit permission columns override the role's.
 */
export function planRow(
  row: ImportRowInput,
  current: PortalUser | null,
  sites: SiteIndex,
  account: Pick<Account, 'name'>,
): { user: PlannedUser } | { error: ImportRowError } {
  const data = row.user;
  if (!current && !row.given.phone) return problem('Phone', 'Phone is required');
  const base = current && !row.given.role ? permissionsOf(current) : permissionsFor(data.role);
  let permissions: Permissions = { ...base, ...data.permissions };
  const named: Site[] = [];
  for (const ref of data.sites) {
    const site = sites.get(ref.trim().toLowerCase());
    if (!site) return problem('Sites', `No site "${ref}" in ${account.name}; give a site's account number or name.`);
    if (!named.includes(site)) named.push(site);
  }
  if (named.length > 0) {
    if (data.permissions?.accessAllSites === true) {
      return problem('Sites', 'Choose Access All Sites or a list of sites, not both.');
    }
    permissions = { ...permissions, accessAllSites: false };
  }
  const kept = current && !row.given.sites ? current.sites.getItems() : [];
  return {
    user: {
      userId: data.userId,
      label: data.label ?? (current && !row.given.label ? current.label : data.userId),
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      phone: row.given.phone ? data.phone : (current?.phone ?? null),
      permissions,
      sites: permissions.accessAllSites ? [] : row.given.sites ? named : kept,
    },
  };
}

const PROFILE = ['userId', 'label', 'firstName', 'lastName', 'email', 'phone'] as const;

/** Whether an update would leave the user exactly as they are. */
export function changesNothing(plan: PlannedUser, user: PortalUser): boolean {
  if (PROFILE.some((field) => plan[field] !== user[field])) return false;
  const now = permissionsOf(user);
  if ((Object.keys(now) as (keyof Permissions)[]).some((k) => now[k] !== plan.permissions[k])) return false;
  const ids = (list: Site[]) =>
    list
      .map((s) => s.id)
      .sort()
      .join(',');
  return ids(plan.sites) === ids(now.accessAllSites ? [] : user.sites.getItems());
}

/** Whether the row makes someone an Administrator who is not one now. */
export const makesAdministrator = (plan: PlannedUser, current: PortalUser | null): boolean =>
  plan.permissions.administrator && !(current?.administrator ?? false);

/** Whether the row changes the email of an Administrator: their password links go to it. */
export const changesAdministratorEmail = (plan: PlannedUser, current: PortalUser | null): boolean =>
  (current?.administrator ?? false) && plan.email !== current!.email;

/**
 * What a row does to who is an Administrator, as the approval policy's `administrators` rule
 * names it (see approvals/rules.ts, which holds `user edit` and `user permissions` for the same):
 * null when nothing.
 */
export function administratorChangeOf(plan: PlannedUser, current: PortalUser | null): AdministratorChange | null {
  if (makesAdministrator(plan, current)) return GRANTING_ADMINISTRATOR;
  if (changesAdministratorEmail(plan, current)) return CHANGING_ADMINISTRATOR_EMAIL;
  return null;
}

export type AdministratorChange = typeof GRANTING_ADMINISTRATOR | typeof CHANGING_ADMINISTRATOR_EMAIL;

/** The account's users a set of rows may touch, by User ID key and by email key. */
export interface KnownUsers {
  byId: Map<string, PortalUser>;
  byEmail: Map<string, PortalUser>;
}

export function knownUsers(users: PortalUser[]): KnownUsers {
  const byId = new Map<string, PortalUser>();
  const byEmail = new Map<string, PortalUser>();
  for (const user of users) {
    byId.set(user.userIdKey, user);
    if (user.emailKey && user.state !== 'deleted') byEmail.set(user.emailKey, user);
  }
  return { byId, byEmail };
}

/**
 * Which user a row updates (null: it adds one), or why it can do neither: its User ID is a
 * deleted user's (reserved), or its email is another user's.
 */
export function targetOf(
  row: ImportRowInput,
  known: KnownUsers,
): { current: PortalUser | null } | { error: ImportRowError } {
  const current = known.byId.get(userIdKey(row.user.userId)) ?? null;
  if (current?.state === 'deleted') {
    return problem(
      'User ID',
      `User ID ${row.user.userId} belongs to a deleted user and stays reserved; choose another User ID, or restore that user first.`,
    );
  }
  const holder = known.byEmail.get(emailKey(row.user.email));
  if (holder && holder !== current) {
    const hint = holder.state === 'unconfirmed' ? ' (an open invitation: reinvite or cancel it instead)' : '';
    return problem(
      'Email',
      `${row.user.email} is already the email of ${holder.userId}${hint}; use a different email.`,
    );
  }
  return { current };
}
