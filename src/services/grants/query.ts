import { z } from 'zod/v4';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { Grant } from '../../domain/entities/grant.js';
import { toApprovalDto, type ApprovalDto } from '../approvals/approval-dto.js';
import { operationsOf } from '../operations.js';
import { requestAccessOperation } from './operations.js';
import type { Actor, ServiceDeps } from '../context.js';
import { requireAdministrator } from '../authorize.js';
import { runQuery } from '../run.js';
import { permissionsToAsk } from '../../domain/grant-permissions.js';
import { findUser } from '../users/lookup.js';
import { permissionsOf } from '../users/user-dto.js';
import { toGrantDto, type GrantDto } from './grant-dto.js';

export const listGrantsInput = z.object({
  scope: z.enum(['active', 'all'], { error: 'Say active or all' }).default('active'),
  user: z.string().trim().min(1).optional(),
});

/**
 * Time-boxed grants of the account, newest first: an Administrator sees everyone's (or one
 * user's), anyone else their own.
 */
export async function listGrants(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<GrantDto[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'grant.list',
      schema: listGrantsInput,
      async run(data, { em, account, actor: me }) {
        const asked = data.user ? await findUser(em, account, data.user) : null;
        if (asked && asked.id !== me.id) requireAdministrator(me, "see other people's grants");
        const holder = asked ?? (me.administrator ? null : me);
        const grants = await em.find(
          Grant,
          {
            account,
            ...(holder ? { user: holder } : {}),
            ...(data.scope === 'active' ? { state: 'active' as const } : {}),
          },
          { populate: ['user', 'requester'], orderBy: { startedAt: 'desc' }, limit: 100 },
        );
        return grants.map(toGrantDto);
      },
    },
    input,
  );
}

/** The permissions the actor does not hold yet: what the request form offers them. */
export async function permissionsToAskFor(deps: ServiceDeps, actor: Actor): Promise<string[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'grant.options',
      schema: z.object({}),
      run: async (_data, { actor: me }) => permissionsToAsk(permissionsOf(me)),
    },
    {},
  );
}

/** A portal user's own time-boxed access: grants running now, and requests for access still waiting. */
export interface MyAccess {
  grants: GrantDto[];
  pending: ApprovalDto[];
}

/** The actor's own active grants and pending access requests (the Home tab, `grants`). */
export async function myAccess(deps: ServiceDeps, actor: Actor): Promise<MyAccess> {
  return runQuery(
    deps,
    actor,
    {
      action: 'grant.mine',
      schema: z.object({}),
      async run(_data, { em, account, actor: me }) {
        const grants = await em.find(
          Grant,
          { account, user: me, state: 'active' },
          { populate: ['user', 'requester'], orderBy: { endsAt: 'asc' } },
        );
        const pending = await em.find(
          ApprovalRequest,
          { account, requester: me, state: 'pending', operationName: requestAccessOperation.name },
          { populate: ['requester', 'account'], orderBy: { createdAt: 'asc' } },
        );
        return { grants: grants.map(toGrantDto), pending: pending.map((r) => toApprovalDto(r, operationsOf(deps))) };
      },
    },
    {},
  );
}
