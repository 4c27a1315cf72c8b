import type { z } from 'zod/v4';
import type { Actor, CommitWithChange, ServiceDeps } from '../src/services/context.js';
import type { OperationDefinition } from '../src/services/operation.js';
import type { FormDefinition, OpenForm } from '../views/form.js';
import type { Reply } from '../views/reply.js';

/** A file that came with a command: a Teams message's attachment, a Slack form's file, a console path. */
export interface IncomingFile {
  name: string;
  /** Its size in bytes, when the platform tells it before the file is read. */
  size?: number;
  /** Its bytes, fetched only now (Slack and Teams download it); a refusal is a ServiceError. */
  read(): Promise<Buffer>;
}

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
  /**
   * Where the platform can reach this user privately later (Slack: their direct messages with the
   * app; Teams: the 1:1 chat), for the progress of what they started (an import).
   */
  replyPlace?: { channel: string; extra?: Record<string, string> };
  /** Files that came with the command line (a Teams message's attachments). */
  attachments?: IncomingFile[];
  /** A file a form's file field names, by id (Slack: fetched with the bot token). */
  fileById?: (id: string) => Promise<IncomingFile>;
  /** A file on this machine, by path: the console only (a chat user never names a path here). */
  localFile?: (path: string) => Promise<IncomingFile>;
  /** The commands and forms this front end offers; the default registry when left out. */
  registry?: CommandRegistry;
  /**
   * The one way a command or form changes anything: `ctx.run(operation, input)` carries the
   * operation out through the approval gate (audited), or holds it for a second Administrator.
   * The dispatcher (`runCommandLine`, `submitForm`) adds it to the context a platform gives;
   * the platforms leave it out.
   */
  run?: RunOperation;
  /**
   * Committed with the change `ctx.run` makes (or holds for approval): the chat core's mark that
   * the form submission carrying it was carried out (see CommitWithChange).
   */
  commitWithChange?: CommitWithChange;
}

/** What `ctx.run` gives back: the operation's result, or the "waiting for approval" reply. */
export type Ran<T> = { kind: 'done'; result: T } | { kind: 'held'; reply: Reply; approvalId: string };

/**
 * Carries out an operation through the approval gate. The input is as a command or form gives it
 * (a form's values, a command's arguments) and is validated by the operation's own schema.
 */
export type RunOperation = <S extends z.ZodType, T>(
  operation: OperationDefinition<string, S, T>,
  input: unknown,
) => Promise<Ran<T>>;

/** What a command or form runs with: the platform's context, with `run` and the registry it was found in. */
export interface CommandScope extends CommandContext {
  run: RunOperation;
  registry: CommandRegistry;
}

/** A form and what its valid submission does. */
export interface FormHandler {
  form: FormDefinition;
  submit(ctx: CommandScope, input: unknown): Promise<Reply>;
}

/** A module of commands/: its commands and the forms they open (`{ commands, forms }`). */
export interface CommandModule {
  readonly commands?: readonly CommandDefinition[];
  readonly forms?: readonly FormHandler[];
}

/** An explicit, frozen registry of commands and forms, built from a list of modules (commands/registry.ts). */
export interface CommandRegistry {
  /** Every command, in the order help lists them. */
  readonly commands: readonly CommandDefinition[];
  /** Every form a command may open. */
  readonly forms: readonly FormHandler[];
  /** The command whose words start the line, the longest match first (`invite cancel` before `invite`). */
  find(words: string[]): CommandDefinition | undefined;
  form(id: string): FormHandler | undefined;
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
  run(ctx: CommandScope, args: A): Promise<CommandResult>;
}

/** Keeps each command's argument type while listing them together. */
export function defineCommand<A>(definition: CommandDefinition<A>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}

/** A form handler, as a module lists it in its `forms`. */
export function defineForm(handler: FormHandler): FormHandler {
  return handler;
}
