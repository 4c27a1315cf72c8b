import { z } from 'zod/v4';
import { listInvitations } from '../src/services/invitations/invitations.js';
import { info } from '../views/reply.js';
import { flagsOnly, pageNumber } from './args.js';
import { invitationTable } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

export const invitesCommand = defineCommand({
  words: ['invites'],
  usage: '[pending|all] [--page N]',
  summary: 'invitations with Signup Completed and User Created',
  permission: 'Administrator',
  args: z
    .object({
      positional: z
        .array(z.enum(['pending', 'all'], { error: 'Show pending or all invitations' }))
        .max(1, 'Give pending or all'),
      flags: flagsOnly(['page']),
    })
    .transform((a, ctx) => ({ filter: a.positional[0] ?? 'pending', page: pageNumber(a.flags.page, ctx) })),
  async run(ctx, args) {
    const page = await listInvitations(ctx.deps, ctx.actor, { filter: args.filter, page: args.page });
    const what = args.filter === 'pending' ? 'pending invitations' : 'invitations';
    return {
      kind: 'reply',
      reply: info(`${page.total} ${what}`, [
        { type: 'header', text: `Invitations (${args.filter})` },
        invitationTable(page, `invites ${args.filter} --page ${args.page + 1}`),
      ]),
    };
  },
});

export const commands = [invitesCommand];
