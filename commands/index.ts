import { isServiceError } from '../src/domain/errors.js';
import { countCommand } from '../src/lib/metrics.js';
import type { FormDefinition, FormMetadata, FormValues } from '../views/form.js';
import { failure, type Reply } from '../views/reply.js';
import {
  approvalShowCommand,
  approvalsCommand,
  approvalsHereCommand,
  approveCommand,
  denyCommand,
  denyFormHandler,
} from './approvals.js';
import * as audit from './audit.js';
import { submitFormIn, type SubmitOutcome } from './forms.js';
import * as grants from './grants.js';
import * as help from './help.js';
import { usageLine } from './help.js';
import * as inviteCancel from './invite-cancel.js';
import * as invite from './invite.js';
import * as invites from './invites.js';
import { parseArgs, tokenize } from './parse.js';
import { createRegistry } from './registry.js';
import * as reinvite from './reinvite.js';
import * as reviews from './reviews.js';
import { commandScope } from './run-gated.js';
import type {
  CommandContext,
  CommandDefinition,
  CommandModule,
  CommandRegistry,
  CommandResult,
  FormHandler,
} from './types.js';
import * as userAdd from './user-add.js';
import * as userEdit from './user-edit.js';
import * as userPermissions from './user-permissions.js';
import * as userResetPassword from './user-reset-password.js';
import * as userShow from './user-show.js';
import * as userState from './user-state.js';
import * as users from './users.js';
import * as usersExport from './users-export.js';
import * as usersImport from './users-import.js';
import * as voiceE911 from './voice-e911.js';
import * as voiceEdit from './voice-edit.js';
import * as voiceReports from './voice-reports.js';
import * as voiceSecrets from './voice-secrets.js';
import * as voiceShow from './voice-show.js';
import * as voiceUsers from './voice-users.js';

/** The approvals commands and the deny form, as one module. */
const approvals: CommandModule = {
  commands: [approvalsCommand, approvalsHereCommand, approvalShowCommand, approveCommand, denyCommand],
  forms: [denyFormHandler],
};

/** voice-secrets.ts holds two commands that help lists around `voice e911`, as DESIGN's table does. */
const voicePin: CommandModule = { commands: [voiceSecrets.voicePinCommand], forms: voiceSecrets.forms };
const voicePassword: CommandModule = { commands: [voiceSecrets.voicePasswordCommand] };

/** Every module of commands/, in the order help lists their commands. */
export const COMMAND_MODULES: readonly CommandModule[] = Object.freeze([
  help,
  users,
  userShow,
  userAdd,
  userEdit,
  userPermissions,
  userState,
  userResetPassword,
  invite,
  reinvite,
  invites,
  inviteCancel,
  voiceUsers,
  voiceShow,
  voiceEdit,
  voicePin,
  voiceE911,
  voicePassword,
  voiceReports,
  approvals,
  audit,
  grants,
  usersImport,
  usersExport,
  reviews,
]);

/** The registry every platform uses: every command and form of commands/, frozen. */
export const defaultRegistry: CommandRegistry = createRegistry(COMMAND_MODULES);

/** Every command, in the order help lists them. */
export function allCommands(registry: CommandRegistry = defaultRegistry): CommandDefinition[] {
  return [...registry.commands];
}

/** The command whose words start the line, the longest match first (`invite cancel` before `invite`). */
export function findCommand(
  words: string[],
  registry: CommandRegistry = defaultRegistry,
): CommandDefinition | undefined {
  return registry.find(words);
}

export function formHandler(id: string, registry: CommandRegistry = defaultRegistry): FormHandler | undefined {
  return registry.form(id);
}

export function registeredForms(registry: CommandRegistry = defaultRegistry): FormDefinition[] {
  return registry.forms.map((h) => h.form);
}

/**
 * Validates a submission with the form's schema and carries it out (see forms.ts): problems by
 * form field, or a refusal's message.
 */
export function submitForm(
  ctx: CommandContext,
  formId: string,
  values: FormValues,
  metadata: FormMetadata = {},
  registry: CommandRegistry = ctx.registry ?? defaultRegistry,
): Promise<SubmitOutcome> {
  return submitFormIn(registry, ctx, formId, values, metadata);
}

export interface DispatchOptions {
  /** How commands are typed on the platform: `/portal ` in Slack, nothing in Teams and the console. */
  prefix?: string;
}

/**
 * Runs a command line for an actor: the reply, or the form to open. Unknown commands and bad
 * arguments answer with their usage; refusals with their message. Never throws a ServiceError.
 */
export async function runCommandLine(
  ctx: CommandContext,
  line: string,
  options: DispatchOptions = {},
  registry: CommandRegistry = ctx.registry ?? defaultRegistry,
): Promise<CommandResult> {
  const prefix = options.prefix ?? '';
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (error) {
    return { kind: 'reply', reply: failure((error as Error).message) };
  }
  if (words.length === 0) words = ['help'];
  const command = registry.find(words);
  if (!command) {
    countCommand('unknown', ctx.actor.platform, 'unknown');
    return { kind: 'reply', reply: unknownCommandReply(words, prefix) };
  }
  const name = command.words.join(' ');
  const parsed = command.args.safeParse(parseArgs(words.slice(command.words.length)));
  if (!parsed.success) {
    const problem = parsed.error.issues[0]?.message ?? 'Bad arguments';
    countCommand(name, ctx.actor.platform, 'usage');
    return { kind: 'reply', reply: usageReply(command, prefix, problem) };
  }
  try {
    const result = await command.run(commandScope(ctx, registry), parsed.data);
    countCommand(
      name,
      ctx.actor.platform,
      result.kind === 'form' ? 'form' : result.reply.tone === 'error' ? 'refused' : 'ok',
    );
    return result;
  } catch (error) {
    countCommand(name, ctx.actor.platform, isServiceError(error) ? 'refused' : 'error');
    if (isServiceError(error)) return { kind: 'reply', reply: failure(error.message) };
    throw error;
  }
}

/** The answer to a line that names no command; the Slack adapter gives it before any lookup, too. */
export function unknownCommandReply(words: string[], prefix: string): Reply {
  return failure(`Unknown command "${words.slice(0, 2).join(' ')}". Type ${prefix}help for the list.`);
}

export function usageReply(command: CommandDefinition, prefix: string, problem: string): Reply {
  return failure(`${problem}. Usage: ${usageLine(command, prefix)}`, [
    { type: 'text', text: problem },
    { type: 'text', text: `Usage: ${usageLine(command, prefix)}: ${command.summary}` },
  ]);
}

export { createRegistry } from './registry.js';
export { openForm, type SubmitOutcome } from './forms.js';
export type {
  CommandContext,
  CommandDefinition,
  CommandModule,
  CommandRegistry,
  CommandResult,
  CommandScope,
  FormHandler,
  IncomingFile,
  Ran,
  RunOperation,
} from './types.js';
