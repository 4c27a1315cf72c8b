import { z } from 'zod/v4';
import { listVoiceUsers } from '../src/services/voice/index.js';
import { info } from '../views/reply.js';
import { flagsOnly, pageNumber } from './args.js';
import { voiceUserTable } from '../views/replies/voice-facts.js';
import { defineCommand } from './types.js';

export const voiceUsersCommand = defineCommand({
  words: ['voice', 'users'],
  usage: '[site] [--search text] [--page N]',
  summary: 'hosted-voice users: name, directory name, extension, number, email, calling plan, site',
  permission: 'Administrator, or Services View on the site',
  args: z.object({ positional: z.array(z.string()), flags: flagsOnly(['search', 'page']) }).transform((a, ctx) => ({
    site: a.positional.join(' ') || undefined,
    search: typeof a.flags.search === 'string' ? a.flags.search : undefined,
    page: pageNumber(a.flags.page, ctx),
  })),
  async run(ctx, args) {
    const page = await listVoiceUsers(ctx.deps, ctx.actor, args);
    const where = args.site ? ` at ${args.site}` : '';
    const next = [
      'voice users',
      args.site ? JSON.stringify(args.site) : '',
      args.search ? `--search ${JSON.stringify(args.search)}` : '',
      `--page ${args.page + 1}`,
    ]
      .filter(Boolean)
      .join(' ');
    return {
      kind: 'reply',
      reply: info(`${page.total} voice users${where}`, [
        { type: 'header', text: `Voice users${where}` },
        voiceUserTable(page, next),
      ]),
    };
  },
});

export const commands = [voiceUsersCommand];
