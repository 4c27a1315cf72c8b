import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES, loadConfig } from '../../src/config.js';
import { root, startServer } from '../http/support/start-server.js';

/** A folder of its own with this .env in it, as an operator's install has. */
function folderWithEnv(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-env-'));
  writeFileSync(join(dir, '.env'), `# a comment\n${lines.join('\n')}\n`);
  return dir;
}

describe('.env', { timeout: 60_000 }, () => {
  it('the server loads ./.env at start, and the real environment wins over it', async () => {
    const dir = folderWithEnv([
      'DATABASE_URL=sqlite::memory:',
      'PORT=0',
      'HOST=192.0.2.77',
      'PORTAL_NAME="Dotenv Portal"',
    ]);
    // HOST from .env would not start (not an address of this machine): the real HOST is used.
    const server = startServer({ HOST: '127.0.0.1' }, dir);
    try {
      const [, url] = await server.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      expect(await (await fetch(`${url}/privacy`)).text()).toContain('<p class="portal">Dotenv Portal</p>');
    } finally {
      await server.stop();
    }
  });

  it('the CLI loads ./.env too', () => {
    const dir = folderWithEnv(['DATABASE_URL=sqlite:./from-dotenv.db']);
    const run = spawnSync(process.execPath, [join(root, 'dist/src/cli/index.js'), 'migrate'], {
      cwd: dir,
      env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'DATABASE_URL')),
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'from-dotenv.db'))).toBe(true);
  });

  it('without a .env nothing changes', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'switchboard-noenv-'));
    const server = startServer({ DATABASE_URL: 'sqlite::memory:', PORT: '0', HOST: '127.0.0.1' }, empty);
    try {
      await server.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await server.stop();
    }
  });
});

describe('.env.example', () => {
  const text = readFileSync(join(root, '.env.example'), 'utf8');
  const lines = text.split('\n');
  const listed = lines
    .map((line) => /^# ([A-Z][A-Z0-9_]+)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);

  it('lists every variable Switchboard reads, once, each commented out so that copying it changes nothing', () => {
    expect([...listed].sort()).toEqual([...ENVIRONMENT_VARIABLES].sort());
    expect(lines.filter((line) => /^[A-Z]/.test(line))).toEqual([]);
  });

  it('says what each variable is for, on the line before it', () => {
    for (const name of listed) {
      const at = lines.findIndex((line) => line.startsWith(`# ${name}=`));
      const before = lines[at - 1] ?? '';
      expect(before.startsWith('# ') && !/^# [A-Z][A-Z0-9_]+=/.test(before), name).toBe(true);
    }
  });

  it('has values that start Switchboard when uncommented (the defaults are the defaults)', () => {
    const valueOf = (name: string) => /^# [A-Z0-9_]+=(.*)$/.exec(lines.find((l) => l.startsWith(`# ${name}=`))!)![1]!;
    const env = Object.fromEntries(listed.map((name) => [name, valueOf(name)]));
    const defaults = [
      'PORT',
      'TRUST_PROXY',
      'LOG_LEVEL',
      'MAIL_FROM',
      'INVITE_TTL',
      'RESET_TTL',
      'APPROVAL_RULES',
      'APPROVAL_TTL',
    ];
    const config = loadConfig(Object.fromEntries(defaults.map((name) => [name, env[name]!])));
    expect(config).toMatchObject(loadConfig({}));
  });
});
