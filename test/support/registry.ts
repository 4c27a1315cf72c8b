import { createRegistry, defaultRegistry } from '../../commands/index.js';
import type { CommandDefinition, CommandRegistry, FormHandler } from '../../commands/types.js';

/**
 * A test's own frozen registry: the application's commands and forms plus these, handed to the
 * adapter or console under test (`registry` option). Nothing process-wide changes.
 */
export function registryWith(extra: { commands?: CommandDefinition[]; forms?: FormHandler[] }): CommandRegistry {
  return createRegistry([defaultRegistry, extra]);
}
