import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod/v4';
import type { CsvFileDto } from '../../domain/dto/import-dto.js';
import { Grant } from '../../domain/entities/grant.js';
import { roleOf } from '../../domain/permissions.js';
import { utcMinuteText } from '../../lib/utc-minute.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ServiceDeps } from '../context.js';
import { runChange } from '../run.js';
import { readUserPage, type UserPageQuery } from '../users/user-rows.js';
import type { UserDto } from '../users/user-dto.js';
import { EXPORT_HEADER, SITE_SEPARATOR } from './columns.js';
import { writeCsv } from './csv-file.js';
import { exportFileName } from './file-names.js';

export const EXPORT_STATES = ['enabled', 'disabled', 'unconfirmed', 'all'] as const;
export type ExportState = (typeof EXPORT_STATES)[number];

/** Users read per statement. */
const PAGE = 1_000;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * One user as a row of the shared columns (columns.ts), then State and Temporary Until (`temporary`:
 * the levels of the user's running grants, until when). Every permission column is written as the
 * user holds it now, granted levels too, so the row imports back exactly (a custom mix has a blank
 * Role); Sites by account number; Send Setup Email `no`, so that importing an export sends nobody
 * an email. No secret is in a user's DTO.
 */
export function exportRow(user: UserDto, temporary = ''): string[] {
  const p = user.permissions;
  const role = roleOf(p);
  const sites = p.accessAllSites ? '' : user.sites.map((s) => s.accountNumber).join(`${SITE_SEPARATOR} `);
  return [
    user.userId,
    user.label,
    user.firstName,
    user.lastName,
    user.email,
    user.phone ?? '',
    role === 'custom' ? '' : role,
    yesNo(p.administrator),
    yesNo(p.accessAllSites),
    sites,
    p.invoices,
    p.orders,
    p.services,
    p.tickets,
    p.fortinetSso,
    p.merakiSso,
    p.veloSso,
    'no',
    user.state,
    temporary,
  ];
}

/**
 * The account's running grants whose end sets their level back, by user: `orders:manage until
 * 2026-12-05 14:00 UTC`, several joined by `; `. A grant whose area an Administrator has set on
 * purpose since is left out: its end leaves the area as set, so that level is not temporary.
 */
async function temporaryLevels(em: EntityManager, accountId: string): Promise<Map<string, string>> {
  const grants = await em.find(
    Grant,
    { account: accountId, state: 'active', changedBy: null },
    { orderBy: { endsAt: 'asc', id: 'asc' } },
  );
  const byUser = new Map<string, string[]>();
  for (const grant of grants) {
    const levels = byUser.get(grant.user.id) ?? [];
    levels.push(`${grant.permission} until ${utcMinuteText(grant.endsAt)}`);
    byUser.set(grant.user.id, levels);
  }
  return new Map([...byUser].map(([userId, levels]) => [userId, levels.join('; ')]));
}

/** The account's users in the list's order, a page at a time (plain rows, as `users` reads them). */
async function* userPages(em: EntityManager, query: Omit<UserPageQuery, 'limit' | 'offset'>, seen: { count: number }) {
  const temporary = await temporaryLevels(em, query.accountId);
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await readUserPage(em, { ...query, limit: PAGE, offset });
    seen.count += items.length;
    yield items.map((user) => exportRow(user, temporary.get(user.id)));
    if (items.length < PAGE) return;
  }
}

/**
 * The account's users as CSV, for whoever asked, privately: `all` is every user but the deleted.
 * Administrators only; audited (`users.export`: who took the list, which, how many users).
 */
export function exportUsersCsv(deps: ServiceDeps, actor: Actor, state: ExportState = 'all'): Promise<CsvFileDto> {
  return runChange(
    deps,
    actor,
    {
      action: 'users.export',
      schema: z.object({
        state: z.enum(EXPORT_STATES, { error: 'Export enabled, disabled, unconfirmed or all users' }),
      }),
      async run(data, scope) {
        const { em, account, now } = scope;
        scope.target = { targetType: 'account', targetId: account.id, targetName: account.name };
        requireAdministrator(scope.actor, 'export users');
        const seen = { count: 0 };
        const csv = await writeCsv(EXPORT_HEADER, userPages(em, { accountId: account.id, state: data.state }, seen));
        const fileName = exportFileName(data.state, now);
        return {
          result: { fileName, csv, count: seen.count },
          before: null,
          after: { state: data.state, users: seen.count, fileName },
        };
      },
    },
    { state },
  );
}
