import { runCommandLine, type CommandContext, type CommandResult } from '../../commands/index.js';
import { failure } from '../../views/reply.js';
import type { ChatAdapterState } from './adapter-state.js';

/** What an unexpected failure (a bug, the database down) answers in chat, whatever the platform. */
export const SOMETHING_WENT_WRONG =
  'Something went wrong on the Switchboard side; it has been logged. Try again in a moment.';

/** The first words of a command line (`user show`), for logs: never its arguments. */
export const commandWords = (line: string): string => line.split(/\s+/).slice(0, 2).join(' ');

/**
 * Runs a command line for a chat user: `runCommandLine`, with an unexpected failure logged and
 * answered politely (the same words on every platform) instead of thrown.
 */
export async function runChatCommand(
  state: Pick<ChatAdapterState, 'platform' | 'logger'>,
  ctx: CommandContext,
  line: string,
  prefix: string,
): Promise<CommandResult> {
  try {
    return await runCommandLine(ctx, line, { prefix });
  } catch (error) {
    state.logger.error({ err: error, command: commandWords(line) }, `${state.platform}: command failed`);
    return { kind: 'reply', reply: failure(SOMETHING_WENT_WRONG) };
  }
}
