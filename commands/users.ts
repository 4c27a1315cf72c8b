import { z } from 'zod/v4';
import type { Page } from '../src/domain/dto/page.js';
import type { UserDto } from '../src/domain/dto/user-dto.js';
import { USER_STATES } from '../src/domain/entities/portal-user.js';
import { FrozenMemo } from '../src/lib/frozen-memo.js';
import { listUsers } from '../src/services/users/query.js';
import { info, type Reply } from '../views/reply.js';
import { flagsOnly, pageNumber } from './args.js';
import { userTable } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

const STATES = [...USER_STATES, 'all'] as const;

const usersArgs = z.object({ positional: z.array(z.string()), flags: flagsOnly(['page']) }).transform((a, ctx) => {
  const [first, ...rest] = a.positional;
  const state =
    first && (STATES as readonly string[]).includes(first.toLowerCase())
      ? (first.toLowerCase() as (typeof STATES)[number])
      : 'all';
  const words = state === 'all' && first?.toLowerCase() !== 'all' ? a.positional : rest;
  return { state, search: words.join(' ') || undefined, page: pageNumber(a.flags.page, ctx) };
});
type UsersArgs = z.output<typeof usersArgs>;

/** Replies made from a page the read cache keeps (its items, frozen): one reply for all who ask. */
const repliesOfKeptPages = new FrozenMemo<readonly UserDto[], Reply>();

function usersReply(page: Page<UserDto>, args: UsersArgs): Reply {
  const what = `${args.state === 'all' ? '' : `${args.state} `}users${args.search ? ` matching "${args.search}"` : ''}`;
  const heading = `Portal users${args.state === 'all' ? '' : ` (${args.state})`}${args.search ? ` matching "${args.search}"` : ''}`;
  const next = ['users', args.state, args.search ? JSON.stringify(args.search) : '', `--page ${args.page + 1}`]
    .filter(Boolean)
    .join(' ');
  return info(`${page.total} ${what}`, [{ type: 'header', text: heading }, userTable(page, next)]);
}

export const usersCommand = defineCommand({
  words: ['users'],
  usage: '[enabled|disabled|unconfirmed|deleted|all] [search] [--page N]',
  summary:
    'list users with their status, admin flag, per-area permissions and role; `all` (the default) is everyone but the deleted',
  permission: 'Administrator',
  args: usersArgs,
  async run(ctx, args) {
    const page = await listUsers(ctx.deps, ctx.actor, { state: args.state, search: args.search, page: args.page });
    const asked = JSON.stringify([args.state, args.search ?? null, page.page, page.pageSize, page.total]);
    return { kind: 'reply', reply: repliesOfKeptPages.get(page.items, asked, () => usersReply(page, args)) };
  },
});

export const commands = [usersCommand];
