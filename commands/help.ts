import { z } from 'zod/v4';
import { info } from '../views/reply.js';
import { flagsOnly } from './args.js';
import { defineCommand, type CommandDefinition } from './types.js';

export function usageLine(command: CommandDefinition, prefix = ''): string {
  return `${prefix}${[...command.words, command.usage].filter(Boolean).join(' ')}`;
}

/** `help [command]`; needs the list of commands, so it is built by the registry. */
export function helpCommand(all: () => CommandDefinition[]) {
  return defineCommand({
    words: ['help'],
    usage: '[command]',
    summary: 'usage of every command, or of one',
    permission: 'anyone',
    args: z.object({ positional: z.array(z.string()), flags: flagsOnly([]) }).transform((a) => ({ topic: a.positional.map((w) => w.toLowerCase()) })),
    async run(_ctx, args) {
      const matching = all().filter((c) => args.topic.every((word, i) => c.words[i] === word));
      if (args.topic.length > 0 && matching.length === 0) {
        return { kind: 'reply', reply: info(`No command "${args.topic.join(' ')}". Type help for the list.`) };
      }
      const shown = args.topic.length > 0 ? matching : all();
      return {
        kind: 'reply',
        reply: info(args.topic.length > 0 ? `Help: ${args.topic.join(' ')}` : 'Switchboard commands', [
          { type: 'header', text: args.topic.length > 0 ? `Help: ${args.topic.join(' ')}` : 'Switchboard commands' },
          { type: 'table', columns: ['Command', 'Does', 'Who'], rows: shown.map((c) => [usageLine(c), c.summary, c.permission]) },
          { type: 'text', text: '<user> is a portal User ID, an email or a mention. A command that needs more than its arguments opens its form.' },
        ]),
      };
    },
  });
}
