import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { isPostgres } from '../db/dialect.js';
import { AuditEvent } from '../domain/entities/audit-event.js';
import type { PortalUser } from '../domain/entities/portal-user.js';
import type { Actor, ServiceDeps } from './context.js';
import { requireAdministrator } from './authorize.js';
import type { Page } from './invitations/invitations.js';
import { runQuery } from './run.js';
import { findUser } from './users/lookup.js';

export const listAuditInput = z.object({
  user: z.string().trim().min(1).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/**
 * Where an action on several users lists them: its target is `N users`, and the User IDs are in
 * `after.users` (`user reset-password a b`), or in `after.after.users` when it was held for approval.
 */
const USER_LIST_PATHS = [['users'], ['after', 'users']];

/** The JSON array at `path` of the column `after` holds `userId`: `@>` on PostgreSQL (jsonb), `json_each` on SQLite. */
function listsUser(em: EntityManager, path: string[], userId: string): FilterQuery<AuditEvent> {
  if (isPostgres(em)) {
    const pointer = path.map((key) => `'${key}'`).join(' -> ');
    const contains = (alias: string) => `(${alias}.after -> ${pointer}) @> ?::jsonb`;
    return { [raw(contains, [JSON.stringify([userId])])]: true } as FilterQuery<AuditEvent>;
  }
  const jsonPath = `$.${path.join('.')}`;
  const matches = (alias: string) => `exists (select 1 from json_each(${alias}.after, '${jsonPath}') where value = ?)`;
  return { [raw(matches, [userId])]: true } as FilterQuery<AuditEvent>;
}

/** Every event about the user: those that name them as the target, and actions on several users that include them. */
function aboutUser(em: EntityManager, user: PortalUser): { $or: FilterQuery<AuditEvent>[] } {
  return { $or: [{ targetId: user.id }, ...USER_LIST_PATHS.map((path) => listsUser(em, path, user.userId))] };
}

/** Recent audit events of the account, newest first, optionally about one user. */
export async function listAuditEvents(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<Page<AuditEvent>> {
  return runQuery(
    deps,
    actor,
    {
      action: 'audit.list',
      schema: listAuditInput,
      async run(data, { em, account, actor: actorUser }) {
        requireAdministrator(actorUser, 'read the audit log');
        const where: FilterQuery<AuditEvent> = data.user
          ? { accountId: account.id, ...aboutUser(em, await findUser(em, account, data.user)) }
          : { accountId: account.id };
        const offset = (data.page - 1) * data.pageSize;
        const orderBy = { createdAt: 'desc', id: 'asc' } as const;
        const [items, total] = await em.findAndCount(AuditEvent, where, { orderBy, limit: data.pageSize, offset });
        return { items, total, page: data.page, pageSize: data.pageSize };
      },
    },
    input,
  );
}
