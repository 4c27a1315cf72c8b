import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/index.js';
import { openDatabase } from '../src/db/orm.js';
import { cliRunner } from './support/cli.js';
import { AuditEvent } from '../src/domain/entities/audit-event.js';
import { ChatIdentity } from '../src/domain/entities/chat-identity.js';
import { PortalUser } from '../src/domain/entities/portal-user.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
const dbPath = join(dir, 'cli.db');
const env = { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'error' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(env);

describe('operator CLI', () => {
  it('`npm run cli -- --help` explains itself', () => {
    const run = spawnSync('npm', ['run', '-s', 'cli', '--', '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ...env },
    });
    expect(run.status).toBe(0);
    for (const command of ['admin', 'link', 'demo', 'migrate']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('DATABASE_URL');
  });

  it('the MikroORM CLI reads mikro-orm.config.ts with the same DATABASE_URL', () => {
    const run = spawnSync('npm', ['run', '-s', 'orm', '--', 'migration:pending'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...env },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Name/);
  });

  it('each command has its own --help', async () => {
    const help = await cli('admin', 'create', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(
      /--account <name>[\s\S]*--user-id <id>[\s\S]*--email <email>[\s\S]*--first <name>[\s\S]*--last <name>/,
    );
    expect((await cli('link', 'slack', '--help')).out).toMatch(/--team <id>[\s\S]*--user <id>[\s\S]*--to <userId>/);
  });

  it('creates an account and its first Administrator, and refuses bad input with the field', async () => {
    const created = await cli(
      'admin',
      'create',
      '--account',
      'Example Networks',
      '--user-id',
      'opsadmin',
      '--email',
      'ops@example.com',
      '--first',
      'Olive',
      '--last',
      'Ops',
    );
    expect(created).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^Created account Example Networks and Administrator opsadmin \(ops@example.com\) in Example Networks\.\n/,
      ),
    });
    const again = await cli(
      'admin',
      'create',
      '--account',
      'Example Networks',
      '--user-id',
      'OPSADMIN',
      '--email',
      'x@example.com',
      '--first',
      'O',
      '--last',
      'O',
    );
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/User ID OPSADMIN is already taken.*\(USER\.DUPLICATE_ID\)/);
    const bad = await cli(
      'admin',
      'create',
      '--account',
      'Example Networks',
      '--user-id',
      'ok_id',
      '--email',
      'nope',
      '--first',
      'O',
      '--last',
      'O',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^--email: Email is not a valid address/);
    // Each problem names the option that was typed, not the service's field.
    const named = await cli(
      ...['admin', 'create', '--account', 'Example Networks', '--user-id', 'x', '--email', 'bad'],
      ...['--first', '', '--last', 'Doe'],
    );
    expect(named.code).toBe(1);
    expect(named.err).toMatch(
      /^--user-id: User ID must be at least 3 characters; --email: .*; --first: First Name is required \(VALIDATION\.INVALID\)$/,
    );
    expect(named.err).not.toMatch(/userId|firstName/);
    const missing = await cli('admin', 'create', '--account', 'X');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/required option '--user-id <id>' not specified/);
  });

  it('links Slack and Teams identities by hand', async () => {
    await cli(
      'admin',
      'create',
      '--account',
      'Linkers',
      '--user-id',
      'linker',
      '--email',
      'linker@example.com',
      '--first',
      'L',
      '--last',
      'K',
    );
    expect(await cli('link', 'slack', '--team', 'T01', '--user', 'U01', '--to', 'LINKER')).toMatchObject({
      code: 0,
      out: 'Linked slack user U01 (T01) to linker (L K).',
    });
    expect((await cli('link', 'teams', '--tenant', 'tn', '--user', 'aad', '--to', 'linker')).code).toBe(0);
    expect(await cli('link', 'teams', '--tenant', ' ', '--user', ' ', '--to', 'linker')).toMatchObject({
      code: 1,
      err: '--tenant: Give the Slack team id or Teams tenant id; --user: Give the chat user id (VALIDATION.INVALID)',
    });
    expect(await cli('link', 'slack', '--team', 'T01', '--user', 'U02', '--to', 'ghost')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/No portal user "ghost".*USER\.NOT_FOUND/),
    });
    const orm = await openDatabase({ driver: 'sqlite', path: dbPath });
    try {
      const em = orm.em.fork();
      expect(await em.count(ChatIdentity, { linkedBy: 'manual' })).toBe(2);
      expect(await em.count(AuditEvent, { action: 'identity.link' })).toBe(2);
    } finally {
      await orm.close(true);
    }
  });

  it('loads the demo data; loading twice changes nothing', async () => {
    expect(await cli('demo')).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^Loaded demo account Corporate Account For Cloud Services: \d+ sites, 6 users, \d+ voice users\./,
      ),
    });
    expect(await cli('demo')).toMatchObject({
      code: 0,
      out: 'Demo data already loaded (Corporate Account For Cloud Services); nothing changed.',
    });
    const orm = await openDatabase({ driver: 'sqlite', path: dbPath });
    try {
      expect(await orm.em.fork().count(PortalUser, { account: { name: 'Corporate Account For Cloud Services' } })).toBe(
        6,
      );
    } finally {
      await orm.close(true);
    }
  });

  it('migrate says the database is up to date, and a bad DATABASE_URL is one clear line', async () => {
    expect(await cli('migrate')).toMatchObject({ code: 0, out: 'Database is up to date.' });
    const err: string[] = [];
    expect(
      await runCli(
        ['migrate'],
        { DATABASE_URL: 'mysql://x' },
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^DATABASE_URL must start with sqlite: or postgres:\/\//)]);
    err.length = 0;
    const missing = join(dir, 'no-folder');
    expect(
      await runCli(
        ['migrate'],
        { DATABASE_URL: `sqlite:${missing}/x.db` },
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err).toEqual([
      `DATABASE_URL: the folder ${missing} does not exist; create it (mkdir -p ${missing}) or point DATABASE_URL at an existing folder`,
    ]);
  });
});
