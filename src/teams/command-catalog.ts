import { allCommands, defaultRegistry, type CommandDefinition } from '../../commands/index.js';

/** Teams' limits on the lists in an app manifest. */
export const MANIFEST_LIMITS = {
  botCommands: 10,
  commandTitle: 32,
  commandDescription: 128,
  extensionCommands: 10,
  extensionCommandId: 64,
};

/** A command that opens a form, offered as a message-extension action (a dialog from the compose box). */
export interface DialogCommand {
  /** The message-extension command id, e.g. `user-add`. */
  id: string;
  words: string[];
  title: string;
  description: string;
  /** The form is about one user: the dialog asks which one first. */
  needsUser: boolean;
}

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1);

/** Whether a command runs with no arguments at all (its own argument schema says so). */
const runsWithoutArgs = (command: CommandDefinition) => command.args.safeParse({ positional: [], flags: {} }).success;

/**
 * Which commands open a form, from their definitions: `form` names the form; `target: 'user'` makes
 * the dialog ask which user first; any other form must open from the command without arguments.
 */
export function dialogCommands(commands: CommandDefinition[] = allCommands()): DialogCommand[] {
  const found: DialogCommand[] = [];
  for (const command of commands) {
    if (!command.form) continue;
    const needsUser = command.form.target === 'user';
    if (!needsUser && !runsWithoutArgs(command)) continue;
    found.push({
      id: command.words.join('-'),
      words: command.words,
      title: shorten(capital(command.words.join(' ')), MANIFEST_LIMITS.commandTitle),
      description: shorten(command.summary.replace(/^form:\s*/i, 'Form: '), MANIFEST_LIMITS.commandDescription),
      needsUser,
    });
  }
  return found;
}

export function findDialogCommand(id: string, registry = defaultRegistry): DialogCommand | undefined {
  return dialogCommands([...registry.commands]).find((c) => c.id === id);
}

/**
 * The bot's command list for the manifest: Teams allows 10 entries, so one entry per first
 * word (`user` covers `user show`, `user add`, ...), its description listing the rest.
 */
export function botCommandList(
  commands: CommandDefinition[] = allCommands(),
): { title: string; description: string }[] {
  // Teams lists at most 10 commands: a plural (`users`, `grants`) shares its singular's entry, and
  // a word that does its kin again (`reinvite`) shares that word's (`invite`).
  const firstWords = new Set(commands.map((c) => c.words[0]!));
  const entryOf = (word: string) => {
    if (word.endsWith('s') && firstWords.has(word.slice(0, -1))) return word.slice(0, -1);
    return word.startsWith('re') && firstWords.has(word.slice(2)) ? word.slice(2) : word;
  };
  const groups = new Map<string, CommandDefinition[]>();
  for (const command of commands) {
    const entry = entryOf(command.words[0]!);
    groups.set(entry, [...(groups.get(entry) ?? []), command]);
  }
  return [...groups].map(([word, members]) => {
    if (members.length === 1 && members[0]!.words.length === 1) {
      const only = members[0]!;
      return {
        title: word,
        description: shorten(
          `${[word, only.usage].filter(Boolean).join(' ')}: ${only.summary}`,
          MANIFEST_LIMITS.commandDescription,
        ),
      };
    }
    const subs = members
      .filter((m) => m.words.length > 1 || m.words[0] !== word)
      .map((m) => (m.words[0] === word ? m.words.slice(1) : m.words).join(' '))
      .join('|');
    const alone = members.some((m) => m.words.length === 1 && m.words[0] === word);
    return {
      title: word,
      description: shorten(
        `${word} ${alone ? `[${subs}]` : subs} …: type help ${word}`,
        MANIFEST_LIMITS.commandDescription,
      ),
    };
  });
}
