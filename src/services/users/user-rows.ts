import type { EntityManager } from '@mikro-orm/core';
import { sql, type RawBuilder } from 'kysely';
import { dateOf, flagOf, selectRows, type Row } from '../../db/sql-rows.js';
import { userSearchSql } from '../../db/user-search.js';
import type { UserState } from '../../domain/entities/portal-user.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import { roleOf, type Permissions } from '../../domain/permissions.js';
import type { SiteRef, UserDto } from './user-dto.js';

/**
 * The read path of the user list: plain rows by SQL, no entity, no identity map, no hydration;
 * the statements' text depends only on the shape of the question, so SQLite reuses them
 * (src/db/statement-cache.ts). What the entities would give, as the same UserDto.
 */

const USER_COLUMNS = sql.raw(
  'u.id, u.user_id, u.label, u.first_name, u.last_name, u.email, u.phone, u.state, u.administrator, ' +
    'u.access_all_sites, u.invoices, u.orders, u.services, u.tickets, u.fortinet_sso, u.meraki_sso, u.velo_sso, ' +
    'u.created_at, u.updated_at, u.version',
);

export function permissionsOfRow(row: Row): Permissions {
  return {
    administrator: flagOf(row.administrator),
    accessAllSites: flagOf(row.access_all_sites),
    invoices: row.invoices as Permissions['invoices'],
    orders: row.orders as Permissions['orders'],
    services: row.services as Permissions['services'],
    tickets: row.tickets as Permissions['tickets'],
    fortinetSso: row.fortinet_sso as Permissions['fortinetSso'],
    merakiSso: row.meraki_sso as Permissions['merakiSso'],
    veloSso: row.velo_sso as Permissions['veloSso'],
  };
}

function userOfRow(row: Row, sites: SiteRef[]): UserDto {
  const permissions = permissionsOfRow(row);
  const firstName = String(row.first_name);
  const lastName = String(row.last_name);
  return {
    id: String(row.id),
    userId: String(row.user_id),
    label: String(row.label),
    firstName,
    lastName,
    name: `${firstName} ${lastName}`.trim(),
    email: String(row.email),
    phone: row.phone === null ? null : String(row.phone),
    state: row.state as UserState,
    permissions,
    role: roleOf(permissions),
    sites,
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
    version: Number(row.version),
  };
}

export interface UserPageQuery {
  accountId: string;
  state: UserState | 'all';
  search?: string;
  limit: number;
  offset: number;
}

/** The sites of each user, by user id, in the order they were given (the pivot's). */
async function sitesOf(em: EntityManager, userIds: string[]): Promise<Map<string, SiteRef[]>> {
  const sites = new Map<string, SiteRef[]>();
  if (userIds.length === 0) return sites;
  const ids = sql.join(userIds);
  const rows = await selectRows(
    em,
    sql`select us.portal_user_id as user_ref, s.id, s.name, s.account_number from portal_user_sites us
      join sites s on s.id = us.site_id where us.portal_user_id in (${ids})`,
  );
  for (const row of rows) {
    const ref = String(row.user_ref);
    const site = { id: String(row.id), name: String(row.name), accountNumber: String(row.account_number) };
    sites.set(ref, [...(sites.get(ref) ?? []), site]);
  }
  return sites;
}

/** Which of an account's users a page is of: by state (`all`: all but deleted), and a search. */
export function userPageCondition(em: EntityManager, q: UserPageQuery): RawBuilder<unknown> {
  const conditions = [
    sql`u.account_id = ${q.accountId}`,
    q.state === 'all' ? sql`u.state <> 'deleted'` : sql`u.state = ${q.state}`,
  ];
  if (q.search) conditions.push(userSearchSql(em, 'u', q.search));
  return sql.join(conditions, sql` and `);
}

/** The page's users in the list's order (first name, last name, User ID): served by portal_users_list_order_index. */
export function userPageSelect(em: EntityManager, q: UserPageQuery): RawBuilder<unknown> {
  return sql`select ${USER_COLUMNS} from portal_users u where ${userPageCondition(em, q)}
    order by u.first_name, u.last_name, u.user_id_key limit ${q.limit} offset ${q.offset}`;
}

/**
 * How many users the page is one of: from portal_user_counts (kept by triggers) unless there is a
 * search, which counts its matches (few, found through the search index).
 */
function userCount(em: EntityManager, q: UserPageQuery): RawBuilder<unknown> {
  if (q.search) return sql`select count(*) as total from portal_users u where ${userPageCondition(em, q)}`;
  const state = q.state === 'all' ? sql`state <> 'deleted'` : sql`state = ${q.state}`;
  return sql`select coalesce(sum(users), 0) as total from portal_user_counts where account_id = ${q.accountId} and ${state}`;
}

/**
 * How many match, when the page tells: a page short of its limit is the last one, if it has
 * anyone on it or is the first. A search that finds a few users is then not run twice.
 */
function totalOfLastPage(q: UserPageQuery, found: number): number | null {
  return found < q.limit && (found > 0 || q.offset === 0) ? q.offset + found : null;
}

/** One page of an account's users, and how many match in all. */
export async function readUserPage(em: EntityManager, q: UserPageQuery): Promise<{ items: UserDto[]; total: number }> {
  const rows = await selectRows(em, userPageSelect(em, q));
  const total = totalOfLastPage(q, rows.length) ?? Number((await selectRows(em, userCount(em, q)))[0]?.total ?? 0);
  const sites = await sitesOf(
    em,
    rows.map((r) => String(r.id)),
  );
  return { items: rows.map((r) => userOfRow(r, sites.get(String(r.id)) ?? [])), total };
}

/** A user row of the account by one key column (user_id_key or email_key), with its sites. */
async function readUserBy(em: EntityManager, accountId: string, column: 'user_id_key' | 'email_key', key: string) {
  const [row] = await selectRows(
    em,
    sql`select ${USER_COLUMNS} from portal_users u where u.account_id = ${accountId} and ${sql.ref(`u.${column}`)} = ${key}`,
  );
  if (!row) return null;
  const sites = await sitesOf(em, [String(row.id)]);
  return userOfRow(row, sites.get(String(row.id)) ?? []);
}

/** A reference to a user (User ID or email) as `readUser` looks it up: two with the same key find the same user. */
export const userRefKey = (ref: string): string => ref.trim().toLowerCase();

/**
 * A user of the account by User ID (ignoring case) or, failing that, by email, as `findUser`
 * finds one (a User ID may itself contain `@`); null when there is none.
 */
export async function readUser(em: EntityManager, accountId: string, ref: string): Promise<UserDto | null> {
  const key = userRefKey(ref);
  return (
    (await readUserBy(em, accountId, 'user_id_key', userIdKey(key))) ??
    (await readUserBy(em, accountId, 'email_key', emailKey(key)))
  );
}
