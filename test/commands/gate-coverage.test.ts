import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPERATION_DEFINITIONS } from '../../src/services/operations.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The functions that carry an operation out without the approval gate: each service's direct
 * entry point (`export const addUser = (...) => runOperation(...)`), and the runners themselves.
 * A front end that imports one can skip the approval policy.
 */
const serviceFiles = sourceFiles('src/services');
const UNGATED = [
  ...serviceFiles.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/export const (\w+) = \([^;]*?runOperation\(/gs)].map((m) => m[1]!),
  ),
  'runOperation',
  'runChange',
  'execute',
];
const importsOf = (source: string) =>
  [...source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from/g)].flatMap((m) => m[1]!.split(','));
const importedNames = (source: string) =>
  new Set(
    importsOf(source).map((name) =>
      name
        .trim()
        .split(/\s+as\s+/)[0]!
        .replace(/^type\s+/, ''),
    ),
  );
const directUse = (source: string) => {
  const imported = importedNames(source);
  return UNGATED.filter((name) => imported.has(name));
};

/** Each operation definition by the name it is exported under from its feature folder. */
async function definitionExports(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const definitions = new Set<unknown>(OPERATION_DEFINITIONS);
  for (const file of serviceFiles) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (definitions.has(value) && !names.has((value as { name: string }).name)) {
        names.set((value as { name: string }).name, name);
      }
    }
  }
  return names;
}

const FRONT_ENDS = ['commands', 'src/slack', 'src/teams', 'src/console'];

describe('the approval gate is the one way the front ends make a change', () => {
  it('no command, form or chat adapter imports an ungated way to change; each change goes through ctx.run', () => {
    expect(UNGATED).toContain('enableUser');
    expect(UNGATED).toContain('setVoicePin');
    expect(UNGATED.length).toBeGreaterThanOrEqual(OPERATION_DEFINITIONS.length);
    const offenders = FRONT_ENDS.flatMap(sourceFiles).flatMap((file) =>
      directUse(readFileSync(file, 'utf8')).map((name) => `${file}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every operation is reached by a command through ctx.run, and read by the gate from its traits', async () => {
    const exported = await definitionExports();
    expect([...exported.keys()].sort()).toEqual(OPERATION_DEFINITIONS.map((d) => d.name).sort());
    const commandSources = sourceFiles('commands').map((file) => readFileSync(file, 'utf8'));
    for (const definition of OPERATION_DEFINITIONS) {
      const name = exported.get(definition.name)!;
      const users = commandSources.filter((source) => importedNames(source).has(name));
      expect(users.length, `${definition.name} (${name}) is used by a command`).toBeGreaterThan(0);
      for (const source of users) expect(source, definition.name).toMatch(/ctx\.run\(/);
      // The traits the approval policy reads: the rules it may fall under, and never-held for a typed secret.
      expect(Array.isArray(definition.approval.rules), definition.name).toBe(true);
      expect(definition.label, definition.name).toMatch(/^[A-Z]/);
    }
    const neverHeld = OPERATION_DEFINITIONS.filter((d) => d.approval.never).map((d) => d.name);
    expect(neverHeld.sort()).toEqual(['voice.password', 'voice.pin']);
  });

  it('the check itself catches such an import', () => {
    const source = "import { deleteUser, enableUser as enable } from '../src/services/users-state.js';";
    expect(directUse(source)).toEqual(['enableUser', 'deleteUser']);
    expect(directUse("import { showUser } from '../src/services/users-query.js';")).toEqual([]);
    expect(directUse("import { deleteUserOperation } from '../src/services/users/state.js';")).toEqual([]);
  });
});
