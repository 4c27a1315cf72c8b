import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noArgs } from '../../commands/args.js';
import { registryWith } from '../support/registry.js';
import { defineCommand } from '../../commands/types.js';
import { ConsoleLogSink } from '../../src/console/log-sink.js';
import { completions, ConsoleSession } from '../../src/console/session.js';
import { consoleUser } from '../../src/app/console-user.js';
import type { ConsoleUser } from '../../src/console/start.js';
import { createLogger } from '../../src/lib/logger.js';
import { info } from '../../views/reply.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { CTRL_C, CTRL_D, ScriptedIO, type Answer } from './support/scripted-io.js';

let sb: TestSwitchboard;
let admin: ConsoleUser;
let release: () => void = () => {};
let slowFinished = false;

const registry = registryWith({
  commands: [
    defineCommand({
      words: ['test-crash'],
      usage: '',
      summary: 'throws',
      permission: 'anyone',
      args: noArgs,
      run: async () => Promise.reject(new TypeError('boom: secret detail')),
    }),
    defineCommand({
      words: ['test-slow'],
      usage: '',
      summary: 'waits',
      permission: 'anyone',
      args: noArgs,
      run: async () => {
        await new Promise<void>((resolve) => (release = resolve));
        slowFinished = true;
        return { kind: 'reply', reply: info('Slow done.') };
      },
    }),
  ],
});

beforeAll(async () => {
  sb = await startTestSwitchboard();
  await newAccount(sb, 'Session Test Account');
  admin = (await consoleUser(sb)) as ConsoleUser;
});
afterAll(async () => sb?.close());

function session(answers: Answer[]) {
  const io = new ScriptedIO(answers);
  const s = new ConsoleSession({
    ctx: { deps: sb.deps, actor: { userId: admin.id, platform: 'console' }, registry },
    io,
    identity: { userId: admin.userId, name: admin.name, account: 'Session Test Account', administrator: true },
    logger: sb.deps.logger,
    logFile: 'data/switchboard.log',
  });
  return { io, s };
}

describe('the console session', () => {
  it('acts as the first enabled Administrator when there is no demo account', () => {
    expect(admin.userId).toBe('admin1');
  });

  it('quits on exit, on Ctrl-D, and on a second Ctrl-C in a row at an empty prompt', async () => {
    for (const ending of [['exit'], [CTRL_D], [CTRL_C, CTRL_C]] as Answer[][]) {
      const { io, s } = session(ending);
      await s.run();
      expect(io.left).toBe(0);
    }
    const { io, s } = session([CTRL_C, '', CTRL_C, 'users', CTRL_C, 'quit']);
    await s.run();
    expect(io.transcript.match(/\(Ctrl-C again, Ctrl-D or exit quits\)/g)).toHaveLength(3);
    expect(io.transcript.endsWith('Bye.\n')).toBe(true);
  });

  it('a command that fails unexpectedly says so without its details, which go to the log', async () => {
    const { io, s } = session(['test-crash', 'exit']);
    await s.run();
    expect(io.transcript).toContain(
      'admin1@switchboard> test-crash\n✗ Something went wrong running that command (TypeError); details are in data/switchboard.log.\n',
    );
    expect(io.transcript).not.toContain('boom');
    expect(sb.logs.join('')).toContain('console command failed');
  });

  it('stop() waits for the command in flight, so nothing is left half-done', async () => {
    const { s } = session(['test-slow', 'users']);
    const running = s.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await running;
    expect(slowFinished).toBe(true);
  });

  it('completes command words', () => {
    expect(completions('user re')).toEqual([['user restore ', 'user reset-password '], 'user re']);
    expect(completions('invite c')).toEqual([['invite cancel '], 'invite c']);
    expect(completions('ex')[0]).toEqual(['exit ']);
  });
});

describe('the log while the console is open', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-log-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('goes whole to the file; the screen gets plain start-up lines, then only warnings and emails above the prompt', async () => {
    const screen = new PassThrough();
    let shown = '';
    screen.setEncoding('utf8').on('data', (chunk: string) => (shown += chunk));
    const sink = new ConsoleLogSink(join(dir, 'nested', 'switchboard.log'), screen);
    const logger = createLogger('info', sink);
    logger.info({ migrations: ['a'] }, 'applied 1 database migration(s)');
    logger.debug('not at this level');
    const notices: string[] = [];
    sink.attach((text) => notices.push(text));
    logger.info('a request was served');
    logger.warn({ err: new Error('connection refused') }, 'email to x not delivered; retrying');
    logger.info(
      { file: '/tmp/data/outbox/invitation-1.eml', to: 'jo@example.com' },
      'email to jo@example.com written to data/outbox/invitation-1.eml; its link: http://localhost:3000/signup/abc',
    );
    logger.info({ pin: '480913' }, 'a secret field is redacted');
    sink.detach();
    logger.info('SIGINT: stopping');
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(shown).toBe('applied 1 database migration(s)\nSIGINT: stopping\n');
    expect(notices).toEqual([
      'warning: email to x not delivered; retrying (connection refused)',
      '✉ email to jo@example.com written to data/outbox/invitation-1.eml; its link: http://localhost:3000/signup/abc',
    ]);
    const file = (await readFile(join(dir, 'nested', 'switchboard.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; pin?: string });
    expect(file.map((r) => r.msg)).toEqual([
      'applied 1 database migration(s)',
      'a request was served',
      'email to x not delivered; retrying',
      expect.stringMatching(/^email to jo/),
      'a secret field is redacted',
      'SIGINT: stopping',
    ]);
    expect(file[4]!.pin).toBe('[redacted]');
    // The log names live links of the outbox's emails: its owner's alone.
    expect((await stat(join(dir, 'nested', 'switchboard.log'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    sink.closeFile();
  });
});
