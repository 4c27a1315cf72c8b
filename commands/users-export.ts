import { z } from 'zod/v4';
import { exportUsersCsv } from '../src/services/imports/export.js';
import { exportReply } from '../views/replies/import-replies.js';
import { flagsOnly } from './args.js';
import { defineCommand } from './types.js';

const EXPORT_STATES = ['enabled', 'disabled', 'unconfirmed', 'all'] as const;

export const usersExportCommand = defineCommand({
  words: ['users', 'export'],
  usage: '[enabled|disabled|unconfirmed|all]',
  summary: 'the users as a CSV (the columns users import takes), sent to you privately',
  permission: 'Administrator',
  args: z
    .object({
      positional: z
        .array(z.enum(EXPORT_STATES, { error: 'Say which users: enabled, disabled, unconfirmed or all' }))
        .max(1, 'Give at most one of enabled, disabled, unconfirmed, all'),
      flags: flagsOnly([]),
    })
    .transform((a) => ({ state: a.positional[0] ?? 'all' })),
  async run(ctx, args) {
    const file = await exportUsersCsv(ctx.deps, ctx.actor, args.state);
    return { kind: 'reply', reply: exportReply(file, args.state) };
  },
});

export const commands = [usersExportCommand];
