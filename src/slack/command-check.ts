import { findCommand, unknownCommandReply, usageReply } from '../../commands/index.js';
import { parseArgs, tokenize } from '../../commands/parse.js';
import { failure, type Reply } from '../../views/reply.js';
import { tooManyMentions, type SlackMention } from './mentions.js';

/**
 * What can be refused before anyone is looked up (no users.info, no database): more mentions
 * than a command may name, an unclosed quote, an unknown command, arguments the command does not
 * take. The same answers `runCommandLine` gives; null when the line is well formed.
 */
export function refusalBeforeLookup(line: string, prefix: string, mentions: SlackMention[]): Reply | null {
  const tooMany = tooManyMentions(mentions);
  if (tooMany) return tooMany;
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch (error) {
    return failure((error as Error).message);
  }
  if (words.length === 0) return null;
  const command = findCommand(words);
  if (!command) return unknownCommandReply(words, prefix);
  const parsed = command.args.safeParse(parseArgs(words.slice(command.words.length)));
  return parsed.success ? null : usageReply(command, prefix, parsed.error.issues[0]?.message ?? 'Bad arguments');
}
