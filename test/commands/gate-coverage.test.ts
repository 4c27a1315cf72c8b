import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/services/operations.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The functions that make changes, by name: a front end that imports one can skip the approval policy. */
const CHANGE_SERVICES = Object.values(OPERATIONS).map((service) => service.name);
const importsOf = (source: string) =>
  [...source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from/g)].flatMap((m) => m[1]!.split(','));
const directUse = (source: string) => {
  const imported = new Set(
    importsOf(source).map((name) =>
      name
        .trim()
        .split(/\s+as\s+/)[0]!
        .replace(/^type\s+/, ''),
    ),
  );
  return CHANGE_SERVICES.filter((name) => imported.has(name));
};

describe('the approval gate is the one way the front ends make a change', () => {
  it('no command, form or chat adapter imports a change service; each change goes through runGated', () => {
    expect(CHANGE_SERVICES).toContain('enableUser');
    const files = [
      ...sourceFiles('commands'),
      ...sourceFiles('src/slack'),
      ...sourceFiles('src/teams'),
      ...sourceFiles('src/console'),
    ];
    const offenders = files.flatMap((file) => directUse(readFileSync(file, 'utf8')).map((name) => `${file}: ${name}`));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches such an import', () => {
    const source = "import { deleteUser, enableUser as enable } from '../src/services/users-state.js';";
    expect(directUse(source)).toEqual(['enableUser', 'deleteUser']);
    expect(directUse("import { showUser } from '../src/services/users-query.js';")).toEqual([]);
  });
});
