import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A small project with the repository's lint rules and the given files; the rules' verdict on it. */
function lint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(scratch, 'project-'));
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  mkdirSync(join(dir, 'views'), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // The chat SDKs and the ORM resolve from the repository's node_modules, as in the real tree.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const run = spawnSync(process.execPath, [depcruise, 'src', 'views', '--config', '.dependency-cruiser.cjs'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const entity = { 'src/domain/entities/portal-user.ts': 'export class PortalUser { id = ""; }\n' };

describe('npm run lint: the architecture rules', () => {
  it('fail when a service imports @slack/bolt', () => {
    const result = lint({
      ...entity,
      'src/services/users.ts': "import { App } from '@slack/bolt';\nexport const app = App;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('core-imports-no-chat-sdk');
  });

  it('fail when a front end imports an entity', () => {
    const result = lint({
      ...entity,
      'src/slack/home.ts':
        "import { PortalUser } from '../domain/entities/portal-user.js';\nexport const u = new PortalUser();\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('front-ends-import-no-entities');
  });

  it('fail when a view calls a service, or the domain reads a file', () => {
    const result = lint({
      'src/services/users.ts': 'export const addUser = () => 1;\n',
      'views/user-forms.ts': "import { addUser } from '../src/services/users.js';\nexport const x = addUser;\n",
      'src/domain/policy.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('views-import-no-services');
    expect(result.output).toContain('domain-reads-no-files');
  });

  it('pass a tree that keeps to them', () => {
    const result = lint({
      ...entity,
      'src/services/users.ts':
        "import { PortalUser } from '../domain/entities/portal-user.js';\nexport const make = () => new PortalUser();\n",
      'src/slack/home.ts':
        "import { App } from '@slack/bolt';\nimport { make } from '../services/users.js';\nexport const x = [App, make];\n",
    });
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });
});
