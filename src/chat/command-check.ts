import { findCommand, unknownCommandReply, usageReply } from '../../commands/index.js';
import { parseArgs, tokenize } from '../../commands/parse.js';
import type { CommandRegistry } from '../../commands/types.js';
import { failure, type Reply } from '../../views/reply.js';

/**
 * What can be refused before anyone is looked up (no platform call, no database): an unclosed
 * quote, an unknown command, arguments the command does not take. The same answers
 * `runCommandLine` gives; null when the line is well formed. Lets a front end answer in its
 * acknowledgement.
 */
export function refusalBeforeLookup(line: string, prefix: string, registry: CommandRegistry): Reply | null {
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (error) {
    return failure((error as Error).message);
  }
  if (words.length === 0) return null;
  const command = findCommand(words, registry);
  if (!command) return unknownCommandReply(words, prefix);
  const parsed = command.args.safeParse(parseArgs(words.slice(command.words.length)));
  return parsed.success ? null : usageReply(command, prefix, parsed.error.issues[0]?.message ?? 'Bad arguments');
}
