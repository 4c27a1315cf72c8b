import type { CommandDefinition, CommandModule, CommandRegistry, FormHandler } from './types.js';

/**
 * An explicit, frozen registry built from a list of modules, each `{ commands, forms }`: nothing is
 * added later, and nothing is added by importing a file. Two commands with the same words, or two
 * forms with one id, are refused.
 */
export function createRegistry(modules: readonly CommandModule[]): CommandRegistry {
  const commands: CommandDefinition[] = [];
  const forms = new Map<string, FormHandler>();
  for (const module of modules) {
    for (const command of module.commands ?? []) {
      const name = command.words.join(' ');
      if (commands.some((c) => c.words.join(' ') === name)) throw new Error(`two commands are named "${name}"`);
      commands.push(command);
    }
    for (const handler of module.forms ?? []) {
      if (forms.has(handler.form.id)) throw new Error(`two forms have the id "${handler.form.id}"`);
      forms.set(handler.form.id, handler);
    }
  }
  const byLength = Object.freeze([...commands].sort((a, b) => b.words.length - a.words.length));
  return Object.freeze({
    commands: Object.freeze(commands),
    forms: Object.freeze([...forms.values()]),
    find(words: string[]) {
      const lower = words.map((w) => w.toLowerCase());
      return byLength.find((c) => c.words.every((word, i) => lower[i] === word));
    },
    form: (id: string) => forms.get(id),
  });
}
