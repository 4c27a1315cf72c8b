import { isServiceError } from '../src/domain/errors.js';
import { countCommand } from '../src/lib/metrics.js';
import { failure, type Reply } from '../views/reply.js';
import {
  approvalShowCommand,
  approvalsCommand,
  approvalsHereCommand,
  approveCommand,
  denyCommand,
} from './approvals.js';
import { auditCommand } from './audit.js';
import { helpCommand, usageLine } from './help.js';
import { inviteCancelCommand } from './invite-cancel.js';
import { inviteCommand } from './invite.js';
import { invitesCommand } from './invites.js';
import { parseArgs, tokenize } from './parse.js';
import { reinviteCommand } from './reinvite.js';
import type { CommandContext, CommandDefinition, CommandResult } from './types.js';
import { userAddCommand } from './user-add.js';
import { userEditCommand } from './user-edit.js';
import { userPermissionsCommand } from './user-permissions.js';
import { userResetPasswordCommand } from './user-reset-password.js';
import { userShowCommand } from './user-show.js';
import { userDeleteCommand, userDisableCommand, userEnableCommand, userRestoreCommand } from './user-state.js';
import { usersCommand } from './users.js';
import { voiceE911Command } from './voice-e911.js';
import { voiceEditCommand } from './voice-edit.js';
import { voiceGroupsCommand, voiceRegistrationsCommand } from './voice-reports.js';
import { voicePasswordCommand, voicePinCommand } from './voice-secrets.js';
import { voiceShowCommand } from './voice-show.js';
import { voiceUsersCommand } from './voice-users.js';

const commands: CommandDefinition[] = [];

/** Every command, in the order help lists them. */
export function allCommands(): CommandDefinition[] {
  return commands;
}

export function registerCommands(...more: CommandDefinition[]): void {
  commands.push(...more);
}

registerCommands(
  helpCommand(allCommands),
  usersCommand,
  userShowCommand,
  userAddCommand,
  userEditCommand,
  userPermissionsCommand,
  userEnableCommand,
  userDisableCommand,
  userDeleteCommand,
  userRestoreCommand,
  userResetPasswordCommand,
  inviteCommand,
  reinviteCommand,
  invitesCommand,
  inviteCancelCommand,
  voiceUsersCommand,
  voiceShowCommand,
  voiceEditCommand,
  voicePinCommand,
  voiceE911Command,
  voicePasswordCommand,
  voiceRegistrationsCommand,
  voiceGroupsCommand,
  approvalsCommand,
  approvalsHereCommand,
  approvalShowCommand,
  approveCommand,
  denyCommand,
  auditCommand,
);

/** The command whose words start the line, the longest match first (`invite cancel` before `invite`). */
export function findCommand(words: string[]): CommandDefinition | undefined {
  const lower = words.map((w) => w.toLowerCase());
  return [...commands]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((word, i) => lower[i] === word));
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
): Promise<CommandResult> {
  const prefix = options.prefix ?? '';
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (error) {
    return { kind: 'reply', reply: failure((error as Error).message) };
  }
  if (words.length === 0) words = ['help'];
  const command = findCommand(words);
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
    const result = await command.run(ctx, parsed.data);
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

export { formHandler, openForm, registeredForms, submitForm } from './forms.js';
export type { CommandContext, CommandDefinition, CommandResult } from './types.js';
