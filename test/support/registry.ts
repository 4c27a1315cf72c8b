import { createRegistry, currentRegistry, useRegistry } from '../../commands/index.js';
import type { CommandDefinition, FormHandler } from '../../commands/types.js';

/**
 * For tests of the platforms (Slack, Teams, console), which use the registry in use and cannot be
 * handed one: makes a new frozen registry of the one in use plus these commands, and uses it.
 * Tests of commands build their own registry with `createRegistry` instead.
 */
export function registerCommands(...commands: CommandDefinition[]): void {
  useRegistry(createRegistry([currentRegistry(), { commands }]));
}

/** As registerCommands, for a form (and what its submission does). */
export function registerForm(handler: FormHandler): FormHandler {
  useRegistry(createRegistry([currentRegistry(), { forms: [handler] }]));
  return handler;
}
