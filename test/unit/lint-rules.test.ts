import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'switchboard-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `npm run lint` needs of the repository: its script, the Prettier and dependency-cruiser set-up. */
const LINT_FILES = [
  'package.json',
  '.prettierrc.json',
  '.prettierignore',
  '.dependency-cruiser.cjs',
  'scripts/lint-domain-env.mjs',
];

/** A clean little tree: a domain, an entity, a service, a front end, main.ts, a view, a command. */
const CLEAN: Record<string, string> = {
  'src/domain/entities/portal-user.ts': "export class PortalUser {\n  id = '';\n}\n",
  'src/domain/rules.ts': 'export const MAX_USERS = 10;\n',
  'src/lib/duration.ts': 'export const SECOND = 1000;\n',
  'src/services/users.ts':
    "import { PortalUser } from '../domain/entities/portal-user.js';\n\n" +
    'export const makeUser = () => new PortalUser();\n',
  'src/slack/home.ts':
    "import { App } from '@slack/bolt';\nimport { makeUser } from '../services/users.js';\n\n" +
    'export const parts = [App, makeUser];\n',
  'src/main.ts': "import { parts } from './slack/home.js';\n\nexport const started = parts.length;\n",
  'views/user-form.ts': "import { MAX_USERS } from '../src/domain/rules.js';\n\nexport const fields = MAX_USERS;\n",
  'commands/users.ts': "import { makeUser } from '../src/services/users.js';\n\nexport const run = makeUser;\n",
};

/**
 * `npm run lint` (the repository's own script, Prettier and rules) over the clean tree changed by `files`: its exit status and what it printed.
 */
function lint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(scratch, 'project-'));
  for (const file of LINT_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  for (const [path, text] of Object.entries({ ...CLEAN, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // Prettier, dependency-cruiser, the chat SDKs and the ORM resolve from the repository's node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const run = spawnSync('npm', ['run', 'lint', '--silent'], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run lint', () => {
  it('passes a tree that keeps to the rules and is formatted', () => {
    const result = lint({});
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it.each([
    [
      'a service imports @slack/bolt',
      { 'src/services/users.ts': "import { App } from '@slack/bolt';\n\nexport const makeUser = () => App;\n" },
      'core-imports-no-chat-sdk',
    ],
    [
      'the chat core imports botbuilder',
      { 'src/chat/port.ts': "import { TurnContext } from 'botbuilder';\n\nexport const port = TurnContext;\n" },
      'core-imports-no-chat-sdk',
    ],
    [
      'a front end imports an entity',
      {
        'src/teams/cards.ts':
          "import { PortalUser } from '../domain/entities/portal-user.js';\n\nexport const user = new PortalUser();\n",
      },
      'front-ends-import-no-entities',
    ],
    [
      'a front end imports @mikro-orm/core',
      { 'src/console/start.ts': "import { MikroORM } from '@mikro-orm/core';\n\nexport const orm = MikroORM;\n" },
      'front-ends-import-no-entities',
    ],
    [
      'main.ts imports an entity',
      {
        'src/main.ts':
          "import { PortalUser } from './domain/entities/portal-user.js';\n\nexport const user = new PortalUser();\n",
      },
      'front-ends-import-no-entities',
    ],
    [
      'a view imports a service',
      {
        'views/user-form.ts':
          "import { makeUser } from '../src/services/users.js';\n\nexport const fields = makeUser;\n",
      },
      'views-import-no-services',
    ],
    [
      'the domain reads a file',
      {
        'src/domain/rules.ts':
          "import { readFileSync } from 'node:fs';\n\nexport const MAX_USERS = readFileSync('max.txt', 'utf8');\n",
      },
      'domain-reads-no-files',
    ],
    [
      'the domain reads process.env',
      { 'src/domain/rules.ts': 'export const MAX_USERS = Number(process.env.MAX_USERS);\n' },
      'The domain reads the environment',
    ],
    [
      'the domain reads the environment through node:process',
      { 'src/domain/rules.ts': "import { env } from 'node:process';\n\nexport const MAX_USERS = env.MAX_USERS;\n" },
      'The domain reads the environment',
    ],
    [
      'a leaf utility in src/lib imports a service',
      {
        'src/lib/duration.ts': "import { makeUser } from '../services/users.js';\n\nexport const SECOND = makeUser;\n",
      },
      'lib-is-leaf',
    ],
    [
      'a file is not formatted',
      { 'src/services/users.ts': 'export const makeUser = ( ) => { return {id:"x"} }\n' },
      'src/services/users.ts',
    ],
  ])('fails when %s', (_what, files, says) => {
    const result = lint(files);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(says);
  });
});
