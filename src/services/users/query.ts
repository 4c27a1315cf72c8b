import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { userSearchCondition } from '../../db/user-search.js';
import { PortalUser, USER_STATES } from '../../domain/entities/portal-user.js';
import type { Actor, ServiceDeps } from '../context.js';
import { requireAdministrator } from '../authorize.js';
import type { Page } from '../invitations/invitations.js';
import { runQuery } from '../run.js';
import { userRefInput } from './state.js';
import { findUser } from './lookup.js';
import { toUserDto, type UserDto } from './user-dto.js';

export const listUsersInput = z.object({
  state: z
    .enum([...USER_STATES, 'all'], { error: 'State must be enabled, disabled, unconfirmed, deleted or all' })
    .default('all'),
  search: z.string().trim().max(100, 'Search must be at most 100 characters').optional(),
  page: z.number().int().min(1, 'Page must be 1 or more').default(1),
  pageSize: z.number().int().min(1).max(100, 'Page size must be at most 100').default(20),
});

/** A search over User ID, email, name and label, case ignored, as plain text, answered by the search index. */
function searchCondition(em: EntityManager, search: string): FilterQuery<PortalUser> {
  return userSearchCondition<PortalUser>(em, search);
}

/**
 * Users of the actor's account by state, optionally matching a search over User ID,
 * name, label and email (case ignored); `all` leaves out deleted users.
 */
export async function listUsers(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<Page<UserDto>> {
  return runQuery(
    deps,
    actor,
    {
      action: 'user.list',
      schema: listUsersInput,
      async run(data, { em, account, actor: actorUser }) {
        requireAdministrator(actorUser, 'list portal users');
        const where: FilterQuery<PortalUser> = {
          account,
          state: data.state === 'all' ? { $ne: 'deleted' } : data.state,
        };
        if (data.search) Object.assign(where, searchCondition(em, data.search));
        const [users, total] = await em.findAndCount(PortalUser, where, {
          populate: ['sites'],
          // Sites in a second query: a join would make MikroORM page through a subquery, several times slower.
          strategy: 'select-in',
          orderBy: { firstName: 'asc', lastName: 'asc', userIdKey: 'asc' },
          limit: data.pageSize,
          offset: (data.page - 1) * data.pageSize,
        });
        return { items: users.map(toUserDto), total, page: data.page, pageSize: data.pageSize };
      },
    },
    input,
  );
}

export async function showUser(deps: ServiceDeps, actor: Actor, input: unknown): Promise<UserDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'user.show',
      schema: userRefInput,
      async run(data, { em, account, actor: actorUser }) {
        requireAdministrator(actorUser, 'see portal users');
        return toUserDto(await findUser(em, account, data.user));
      },
    },
    input,
  );
}
