import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseStartOptions, wantsConsole } from '../../src/console/start.js';
import { openDatabase } from '../../src/db/orm.js';
import { procStat } from '../../scripts/bench/processes.js';
import { startEnv, startFlags } from '../../scripts/start-flags.mjs';
import { Account } from '../../src/domain/entities/account.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { cleanEnv, hasScript, inTerminal, withPipes, type Spawned } from './support/pty.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let scratch: string;
let running: Spawned[] = [];
let n = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'switchboard-start-'));
});
afterEach(() => {
  for (const process of running) process.kill();
  running = [];
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A fresh SQLite database and a free port, as a newcomer's first run has. */
const freshEnv = (extra: Record<string, string> = {}) =>
  cleanEnv({ DATABASE_URL: `sqlite:${join(scratch, `run-${++n}.db`)}`, PORT: '0', ...extra });
/**
 * A newcomer's first start: no DATABASE_URL (the embedded default, ./data/switchboard.db, which alone
 * gets the demo data), in a folder of its own, running the compiled server as `npm start` does.
 */
function firstStart(args = ''): { command: string; cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = join(scratch, `first-${++n}`);
  mkdirSync(cwd);
  const command =
    `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/src/main.js'))} ${args}`.trim();
  return { command, cwd, env: cleanEnv({ PORT: '0' }) };
}
/**
 * The server `npm start` runs (npm's child: the start script's shell `exec`s node) has the start
 * script's memory settings: V8's flags and glibc's threshold for giving large blocks back.
 */
function expectStartSettings(pid: number): void {
  const [, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  expect(args).toEqual(['--max-semi-space-size=16', '--heap-growing-percent=20', 'dist/src/main.js']);
  const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  expect(environment).toContain('MALLOC_MMAP_THRESHOLD_=16384');
  // What the benchmark and measure:startup read from the start script to start the server the same way.
  expect(args).toEqual([...startFlags(root), 'dist/src/main.js']);
  for (const [name, value] of Object.entries(startEnv(root))) expect(environment).toContain(`${name}=${value}`);
}
const track = (process: Spawned) => (running.push(process), process);
/** The one process whose parent is `pid` (`script`'s child: the server it runs in the terminal). */
function childOf(pid: number): number {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(procStat(entry)[1]) === pid;
      } catch {
        return false;
      }
    });
  expect(children, `the children of ${pid}`).toHaveLength(1);
  return Number(children[0]);
}
/** What is not a JSON log line: what a person reads (no stack trace may hide among them). */
const plainLines = (screen: string) => screen.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

/** Anything a newcomer would have to understand: warnings, errors, stack traces, JSON log lines. */
const ALARMING = /warn|error|exception|deprecat|experimental|\bat .+:\d+:\d+|\{"level"/i;

describe('start options', () => {
  it('read --as and --no-console, and refuse anything else with the usage', () => {
    expect(parseStartOptions([])).toEqual({ console: true });
    expect(parseStartOptions(['--as', 'cburns'])).toEqual({ console: true, as: 'cburns' });
    expect(parseStartOptions(['--as=cindy.burns@example.com', '--no-console'])).toEqual({
      console: false,
      as: 'cindy.burns@example.com',
    });
    expect(parseStartOptions(['--as'])).toMatch(/^--as needs a portal user/);
    expect(parseStartOptions(['--frob'])).toBe(
      'Unknown argument "--frob". Usage: npm start -- [--as <user>] [--no-console]',
    );
  });

  it('open the console only in a terminal, without chat credentials, unless --no-console', () => {
    const tty = { isTTY: true };
    const none = { slack: undefined, teams: undefined };
    expect(wantsConsole(none, { console: true }, tty, tty)).toBe(true);
    expect(wantsConsole(none, { console: true }, {}, tty)).toBe(false);
    expect(wantsConsole(none, { console: true }, tty, {})).toBe(false);
    expect(wantsConsole(none, { console: false }, tty, tty)).toBe(false);
    expect(
      wantsConsole(
        { ...none, slack: { signingSecret: 's', botToken: 'xoxb-1', appToken: undefined, apiUrl: 'x' } },
        { console: true },
        tty,
        tty,
      ),
    ).toBe(false);
    expect(
      wantsConsole({ ...none, teams: { appId: 'a', appPassword: 'p', tenantId: 't' } }, { console: true }, tty, tty),
    ).toBe(false);
  });
});

describe.runIf(hasScript)("a newcomer's first `npm start`, in a terminal", () => {
  it(
    'reaches the console prompt within seconds, with nothing alarming on the screen, and Ctrl-D stops it cleanly',
    { timeout: 90_000 },
    async () => {
      const first = firstStart();
      const started = Date.now();
      const app = track(inTerminal(first.command, first.cwd, first.env));
      await app.waitFor(/astewart@switchboard> $/, 60_000);
      const seconds = (Date.now() - started) / 1000;
      const screen = app.screen;
      expect(screen).toContain(
        'the database was empty: loaded the demo account "Corporate Account For Cloud Services"',
      );
      expect(screen).toContain(
        'Switchboard console: acting as Alex Stewart (astewart), Administrator of Corporate Account For Cloud Services.',
      );
      expect(screen).toMatch(/Switchboard is listening on http:\/\/localhost:\d+/);
      expect(screen).not.toMatch(ALARMING);
      // A few seconds on an idle machine, most of it loading the chat SDKs; 9-13 s on a loaded 2-core one. The bound only catches a hang.
      expect(seconds, `seconds to the prompt:\n${screen}`).toBeLessThan(30);

      const before = app.screen.length;
      app.write('users\r');
      await app.waitFor(/1 - 6 of 6\nastewart@switchboard> $/);
      expect(app.screen.slice(before)).toMatch(/Name +User ID +Label +State/);
      app.write('\u0004');
      expect(await app.exited).toEqual({ code: 0, signal: null });
      expect(app.screen).toMatch(/Bye\.\nconsole: stopping\n/);
      expect(app.screen).not.toMatch(ALARMING);
      expect(existsSync(join(first.cwd, 'data/switchboard.db'))).toBe(true);
    },
  );

  it(
    'stops cleanly on SIGTERM sent the moment it listens, whether or not its console is open yet',
    { timeout: 90_000 },
    async () => {
      const first = firstStart();
      const app = track(inTerminal(first.command, first.cwd, first.env));
      // The console's modules load after this line: the signal lands while they load, or just after.
      await app.waitFor(/Switchboard is listening on http:\/\/localhost:\d+/, 60_000);
      process.kill(childOf(app.child.pid!), 'SIGTERM');
      expect(await app.exited, app.screen).toEqual({ code: 0, signal: null });
      expect(readFileSync(join(first.cwd, 'data/switchboard.log'), 'utf8')).toContain('"msg":"SIGTERM: stopping"');
      expect(app.screen).not.toMatch(ALARMING);
    },
  );

  it('acts as another user with --as; Ctrl-C twice quits', { timeout: 90_000 }, async () => {
    const first = firstStart('--as cburns');
    const app = track(inTerminal(first.command, first.cwd, first.env));
    await app.waitFor(/cburns@switchboard> $/, 60_000);
    expect(app.screen).toContain('acting as Cindy Burns (cburns)');
    app.write('\u0003');
    await app.waitFor(/\(Ctrl-C again, Ctrl-D or exit quits\)\ncburns@switchboard> $/);
    app.write('\u0003');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(app.screen).not.toMatch(ALARMING);
  });

  it('says in one line when --as names no one it can act as', { timeout: 90_000 }, async () => {
    const first = firstStart('--as nobody');
    const app = track(inTerminal(first.command, first.cwd, first.env));
    expect((await app.exited).code).not.toBe(0);
    expect(app.screen).toContain(
      'Switchboard cannot open the console: No portal user "nobody" to act as: give a User ID or email of an enabled user (--as cburns).',
    );
  });
});

describe('`npm start` outside a terminal', () => {
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const starts = {
    '`npm start`': [npm[0]!, [...npm.slice(1), 'start']],
    '`node dist/src/main.js`, as a service manager runs it': [process.execPath, ['dist/src/main.js']],
  } as const;
  const cases = [
    ['`npm start`', 'SIGINT'],
    ['`npm start`', 'SIGTERM'],
    ['`node dist/src/main.js`, as a service manager runs it', 'SIGTERM'],
  ] as const;
  for (const [how, signal] of cases) {
    it(
      `${how} serves without a console, and ${signal} to its process stops it within 10 s`,
      { timeout: 90_000 },
      async () => {
        const [file, args] = starts[how];
        const app = track(withPipes(file, [...args], root, freshEnv()));
        const [, port] = await app.waitFor(/listening on http:\/\/localhost:(\d+)/, 60_000);
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', database: true });
        expect(app.screen).not.toContain('@switchboard>');
        if (how === '`npm start`') expectStartSettings(childOf(app.child.pid!));
        // The log stays pino's JSON on stdout for a log collector (npm adds its own two lines first).
        const lines = app.screen
          .trim()
          .split('\n')
          .filter((line) => line.startsWith('{'));
        expect(lines.length).toBeGreaterThan(1);
        for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
        const signalled = Date.now();
        app.child.kill(signal);
        const exit = await app.exited;
        expect(Date.now() - signalled).toBeLessThan(10_000);
        expect(exit, app.screen).toEqual({ code: 0, signal: null });
        expect(app.screen).toContain(`"msg":"${signal}: stopping"`);
        // Nothing is left listening on the port.
        await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      },
    );
  }

  it(
    'gives a database named by DATABASE_URL no demo data, and says how to make the first Administrator',
    { timeout: 60_000 },
    async () => {
      const path = join(scratch, `named-${++n}.db`);
      const app = track(
        withPipes(process.execPath, ['dist/src/main.js'], root, freshEnv({ DATABASE_URL: `sqlite:${path}` })),
      );
      await app.waitFor(/listening on http:\/\/localhost:(\d+)/, 60_000);
      expect(app.screen).toContain(
        'the database has no accounts yet: create the first Administrator with `npm run cli -- admin create',
      );
      expect(app.screen).not.toMatch(/demo account "|demo Administrator/);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      const orm = await openDatabase({ driver: 'sqlite', path });
      try {
        expect(await orm.em.fork().count(Account, {})).toBe(0);
        expect(await orm.em.fork().count(PortalUser, {})).toBe(0);
      } finally {
        await orm.close(true);
      }
    },
  );

  it('starts on a database written by release 0.1.0 and keeps its users', { timeout: 60_000 }, async () => {
    const path = join(scratch, 'from-0.1.0.db');
    copyFileSync(join(root, 'test/fixtures/upgrade/switchboard-0.1.0.db'), path);
    const app = track(
      withPipes(process.execPath, ['dist/src/main.js'], root, freshEnv({ DATABASE_URL: `sqlite:${path}` })),
    );
    const [, port] = await app.waitFor(/listening on http:\/\/localhost:(\d+)/, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(app.screen).not.toContain('the database was empty');
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
    // The CLI opens it too, and finds the 0.1.0 Administrator to link a chat identity to.
    const link = spawnSync(
      process.execPath,
      ['dist/src/cli/index.js', 'link', 'slack', '--team', 'T1', '--user', 'U1', '--to', 'kjohnson'],
      {
        cwd: root,
        env: freshEnv({ DATABASE_URL: `sqlite:${path}` }),
        encoding: 'utf8',
      },
    );
    expect(link.status, link.stderr).toBe(0);
    expect(link.stdout).toMatch(/Kyle Johnson/);
  });

  it(
    'says in one line when the SQLite folder named by DATABASE_URL does not exist, and creates nothing',
    { timeout: 60_000 },
    async () => {
      const missing = join(scratch, 'no-such-folder');
      const app = track(
        withPipes(process.execPath, ['dist/src/main.js'], root, freshEnv({ DATABASE_URL: `sqlite:${missing}/x.db` })),
      );
      expect((await app.exited).code).toBe(1);
      expect(app.screen).toBe(
        `Switchboard cannot start: DATABASE_URL: the folder ${missing} does not exist; ` +
          `create it (mkdir -p ${missing}) or point DATABASE_URL at an existing folder\n`,
      );
      expect(existsSync(missing)).toBe(false);
    },
  );

  it(
    'says in one line, with exit code 1, when the port is taken or PostgreSQL does not answer',
    { timeout: 60_000 },
    async () => {
      const holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, resolve));
      const { port } = holder.address() as { port: number };
      try {
        const taken = track(withPipes(process.execPath, ['dist/src/main.js'], root, freshEnv({ PORT: String(port) })));
        expect((await taken.exited).code).toBe(1);
        expect(plainLines(taken.screen)).toEqual([
          `Switchboard cannot start: PORT: port ${port} is already in use (another Switchboard?); stop that program or set PORT to a free port`,
        ]);
      } finally {
        await new Promise((resolve) => holder.close(resolve));
      }
      const refused = track(
        withPipes(
          process.execPath,
          ['dist/src/main.js'],
          root,
          freshEnv({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/switchboard` }),
        ),
      );
      expect((await refused.exited).code).toBe(1);
      expect(plainLines(refused.screen)).toEqual([
        `Switchboard cannot start: DATABASE_URL: nothing answers at 127.0.0.1:${port} (connection refused); start PostgreSQL or correct the host and port`,
      ]);
    },
  );

  it(
    '`npm start -- --help` prints the start options and exits 0, whatever the environment',
    { timeout: 60_000 },
    async () => {
      const app = track(
        withPipes(process.execPath, ['dist/src/main.js', '--help'], root, freshEnv({ PORT: 'not-a-port' })),
      );
      expect((await app.exited).code).toBe(0);
      expect(app.screen).toMatch(/^Usage: npm start -- \[--as <user>\] \[--no-console\]\n/);
      for (const option of ['--as <user>', '--no-console', '--help', '.env.example'])
        expect(app.screen).toContain(option);
    },
  );

  it('refuses an unknown argument in one line', { timeout: 60_000 }, async () => {
    const app = track(withPipes(process.execPath, ['dist/src/main.js', '--frob'], root, freshEnv()));
    expect((await app.exited).code).toBe(2);
    expect(app.screen).toBe(
      'Switchboard cannot start: Unknown argument "--frob". Usage: npm start -- [--as <user>] [--no-console]\n',
    );
  });
});
