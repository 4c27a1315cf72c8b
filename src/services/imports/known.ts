import type { EntityManager } from '@mikro-orm/core';
import type { Account } from '../../domain/entities/account.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { Site } from '../../domain/entities/site.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import { knownUsers, siteIndex, type KnownUsers, type SiteIndex } from './plan.js';
import type { ImportRowInput } from './row-input.js';

/** Keys per `in (...)` list: well under SQLite's limit of bound parameters. */
const KEYS_PER_QUERY = 500;

/**
 * The account's users that rows may touch: those with one of the rows' User IDs (any state, a
 * deleted one's stays reserved) or emails, with their sites; read in a few statements, not per row.
 */
export async function usersForRows(em: EntityManager, account: Account, rows: ImportRowInput[]): Promise<KnownUsers> {
  const ids = [...new Set(rows.map((r) => userIdKey(r.user.userId)))];
  const emails = [...new Set(rows.map((r) => emailKey(r.user.email)))];
  const found: PortalUser[] = [];
  for (let i = 0; i < Math.max(ids.length, emails.length); i += KEYS_PER_QUERY) {
    const idPart = ids.slice(i, i + KEYS_PER_QUERY);
    const emailPart = emails.slice(i, i + KEYS_PER_QUERY);
    const users = await em.find(
      PortalUser,
      { account, $or: [{ userIdKey: { $in: idPart } }, { emailKey: { $in: emailPart } }] },
      { populate: ['sites'] },
    );
    found.push(...users);
  }
  return knownUsers([...new Set(found)]);
}

/** The account's sites, by every name a row may give them. */
export async function accountSites(em: EntityManager, account: Account): Promise<SiteIndex> {
  return siteIndex(await em.find(Site, { account }));
}
