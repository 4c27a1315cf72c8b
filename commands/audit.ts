import { z } from 'zod/v4';
import { listAuditEvents } from '../src/services/audit-log.js';
import { info } from '../views/reply.js';
import { flagsOnly, pageNumber, userRef } from './args.js';
import { auditTable } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

export const auditCommand = defineCommand({
  words: ['audit'],
  usage: '[<user>] [--page N]',
  summary: 'recent audit events, of everyone or about one user',
  permission: 'Administrator',
  args: z
    .object({ positional: z.array(z.string()).max(1, 'Give at most one user'), flags: flagsOnly(['page']) })
    .transform((a, ctx) => ({ user: a.positional[0], page: pageNumber(a.flags.page, ctx) })),
  async run(ctx, args) {
    const user = args.user ? await userRef(ctx, args.user) : undefined;
    const page = await listAuditEvents(ctx.deps, ctx.actor, { user, page: args.page });
    const next = ['audit', user ?? '', `--page ${args.page + 1}`].filter(Boolean).join(' ');
    return {
      kind: 'reply',
      reply: info(`${page.total} audit events${user ? ` about ${user}` : ''}`, [
        { type: 'header', text: `Audit log${user ? `: ${user}` : ''}` },
        auditTable(page, next),
      ]),
    };
  },
});

export const commands = [auditCommand];
