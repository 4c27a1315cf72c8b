import { z } from 'zod/v4';
import type { PortalUser } from '../src/domain/entities/portal-user.js';
import { loadActor } from '../src/services/load-actor.js';
import { info } from '../views/reply.js';
import { flagsOnly } from './args.js';
import { defineCommand, type CommandDefinition } from './types.js';

export function usageLine(command: CommandDefinition, prefix = ''): string {
  return `${prefix}${[...command.words, command.usage].filter(Boolean).join(' ')}`;
}

/**
 * Who may run a command, by its `permission` text (the services enforce it; help only leaves out
 * what the reader could not run). A permission not listed here is shown to Administrators only.
 */
const MAY_RUN: Record<string, (user: PortalUser) => boolean> = {
  anyone: () => true,
  'any enabled portal user': () => true,
  'any enabled portal user (their own)': () => true,
  'Administrator, or the one who asked': () => true,
  Administrator: (user) => user.administrator,
  'Administrator other than the requester': (user) => user.administrator,
  'Administrator, or Services View on the site': (user) => user.administrator || user.services !== 'hide',
  'Administrator, or Services Manage on the site': (user) => user.administrator || user.services === 'manage',
};

/** Whether help knows who may run a command with this permission text. */
export const knownPermission = (text: string): boolean => text in MAY_RUN;

export function mayRun(command: CommandDefinition, user: PortalUser): boolean {
  return (MAY_RUN[command.permission] ?? ((u: PortalUser) => u.administrator))(user);
}

const helpRow = (c: CommandDefinition) => [usageLine(c), c.summary, c.permission];

const USER_NOTE =
  '<user> is a portal User ID, an email or a mention. A command that needs more than its arguments opens its form.';

/** `help [command]`: the commands of the registry it is run from. */
export const helpCommand = defineCommand({
  words: ['help'],
  usage: '[command]',
  summary: 'usage of every command, or of one',
  permission: 'anyone',
  args: z
    .object({ positional: z.array(z.string()), flags: flagsOnly([]) })
    .transform((a) => ({ topic: a.positional.map((w) => w.toLowerCase()) })),
  async run(ctx, args) {
    const all = ctx.registry.commands;
    const reader = await loadActor(ctx.deps.orm.em.fork(), ctx.actor);
    const matching = all.filter((c) => args.topic.every((word, i) => c.words[i] === word));
    if (args.topic.length > 0 && matching.length === 0) {
      return { kind: 'reply', reply: info(`No command "${args.topic.join(' ')}". Type help for the list.`) };
    }
    const shown = (args.topic.length > 0 ? matching : all).filter((c) => mayRun(c, reader));
    const title = args.topic.length > 0 ? `Help: ${args.topic.join(' ')}` : 'Switchboard commands';
    const onlyYours = 'Only the commands you may run are listed; the others need an Administrator.';
    const hidden = reader.administrator ? [] : [{ type: 'text' as const, text: onlyYours }];
    if (shown.length === 0) return { kind: 'reply', reply: info(`${title}: only an Administrator may run this.`) };
    return {
      kind: 'reply',
      reply: info(title, [
        { type: 'header', text: title },
        { type: 'table', columns: ['Command', 'Does', 'Who'], rows: shown.map(helpRow), wrap: true },
        { type: 'text', text: USER_NOTE },
        ...hidden,
      ]),
    };
  },
});

export const commands = [helpCommand];
