import { z } from 'zod/v4';
import { AuditEvent } from '../domain/entities/audit-event.js';
import type { Actor, ServiceDeps } from './context.js';
import { requireAdministrator } from './authorize.js';
import type { Page } from './invitations.js';
import { runQuery } from './run.js';
import { findUser } from './user-lookup.js';

export const listAuditInput = z.object({
  user: z.string().trim().min(1).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/** Recent audit events of the account, newest first, optionally about one user. */
export async function listAuditEvents(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<Page<AuditEvent>> {
  return runQuery(deps, actor, {
    action: 'audit.list',
    schema: listAuditInput,
    async run(data, { em, account, actor: actorUser }) {
      requireAdministrator(actorUser, 'read the audit log');
      const where: Record<string, unknown> = { accountId: account.id };
      if (data.user) where.targetId = (await findUser(em, account, data.user)).id;
      const [items, total] = await em.findAndCount(AuditEvent, where, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: data.pageSize, offset: (data.page - 1) * data.pageSize });
      return { items, total, page: data.page, pageSize: data.pageSize };
    },
  }, input);
}
