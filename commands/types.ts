import type { z } from 'zod/v4';
import type { Actor, ServiceDeps } from '../src/services/context.js';
import type { FormDefinition, OpenForm } from '../views/form.js';
import type { Reply } from '../views/reply.js';

/** Who runs a command, and with what: the same on every platform. */
export interface CommandContext {
  deps: ServiceDeps;
  actor: Actor;
  /**
   * Turns a chat mention (`<@U123>` in Slack) into a portal User ID or email; platforms
   * without mentions leave it out and `<user>` arguments are taken as typed.
   */
  resolveMention?: (token: string) => Promise<string | null>;
  /**
   * Where the command was typed: the Slack channel id, or the Teams conversation id with
   * what is needed to post there later (`extra`, e.g. serviceUrl). Used by `approvals here`.
   */
  origin?: { channel: string; extra?: Record<string, string> };
}

export type CommandResult = { kind: 'reply'; reply: Reply } | { kind: 'form'; open: OpenForm };

/** A command line split into words: positional arguments and `--flag value` options. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

export interface CommandDefinition<A = unknown> {
  /** The words that name it, e.g. `['user', 'add']`. */
  words: string[];
  /** Usage after the command words, e.g. `<user> [<user> ...]`. */
  usage: string;
  summary: string;
  /** Who may run it (the services enforce it; this is for help). */
  permission: string;
  /** Turns the parsed arguments into the command's typed arguments; messages say what to type. */
  args: z.ZodType<A>;
  /**
   * The form it opens when run without the arguments it needs, and what that form is about:
   * `target: 'user'` when the command names one user (`<user>`) and the form edits that user.
   * Read by the Teams catalogue (message-extension dialogs) and the app package.
   */
  form?: { form: FormDefinition; target?: 'user' };
  run(ctx: CommandContext, args: A): Promise<CommandResult>;
}

/** Keeps each command's argument type while listing them together. */
export function defineCommand<A>(definition: CommandDefinition<A>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}
