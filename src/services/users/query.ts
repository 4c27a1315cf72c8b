import { z } from 'zod/v4';
import { USER_STATES } from '../../domain/entities/portal-user.js';
import type { Actor, ServiceDeps } from '../context.js';
import { requireAdministrator } from '../authorize.js';
import type { Page } from '../invitations/invitations.js';
import { runRowQuery } from '../run-rows.js';
import { readUser, readUserPage, userRefKey } from './user-rows.js';
import { userRefInput } from './state.js';
import { userNotFound } from './lookup.js';
import type { UserDto } from './user-dto.js';

export const listUsersInput = z.object({
  state: z
    .enum([...USER_STATES, 'all'], { error: 'State must be enabled, disabled, unconfirmed, deleted or all' })
    .default('all'),
  search: z.string().trim().max(100, 'Search must be at most 100 characters').optional(),
  page: z.number().int().min(1, 'Page must be 1 or more').default(1),
  pageSize: z.number().int().min(1).max(100, 'Page size must be at most 100').default(20),
});

/**
 * Users of the actor's account by state, optionally matching a search over User ID,
 * name, label and email (case ignored); `all` leaves out deleted users. Read as plain rows
 * (user-rows.ts): the list is what chat asks for most.
 */
export async function listUsers(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<Page<UserDto>> {
  return runRowQuery(
    deps,
    actor,
    {
      action: 'user.list',
      schema: listUsersInput,
      async run(data, { em, actor: actorRow, cached }) {
        requireAdministrator(actorRow, 'list portal users');
        const query = {
          accountId: actorRow.account.id,
          state: data.state,
          search: data.search,
          limit: data.pageSize,
          offset: (data.page - 1) * data.pageSize,
        };
        const key = JSON.stringify([query.state, query.search ?? null, query.limit, query.offset]);
        const { items, total } = await cached(key, () => readUserPage(em, query));
        return { items, total, page: data.page, pageSize: data.pageSize };
      },
    },
    input,
  );
}

export async function showUser(deps: ServiceDeps, actor: Actor, input: unknown): Promise<UserDto> {
  return runRowQuery(
    deps,
    actor,
    {
      action: 'user.show',
      schema: userRefInput,
      async run(data, { em, actor: actorRow, cached }) {
        requireAdministrator(actorRow, 'see portal users');
        const user = await cached(userRefKey(data.user), () => readUser(em, actorRow.account.id, data.user));
        if (!user) throw userNotFound(actorRow.account, data.user);
        return user;
      },
    },
    input,
  );
}
