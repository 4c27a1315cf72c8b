import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { registryWith } from '../support/registry.js';
import { noArgs } from '../../commands/args.js';
import { defineCommand } from '../../commands/types.js';
import { ReadlineIO } from '../../src/console/io.js';
import { fillForm } from '../../src/console/prompter.js';
import { consoleUser } from '../../src/app/console-user.js';
import type { ConsoleUser } from '../../src/console/start.js';
import { stripAnsi } from '../../src/console/text.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { success } from '../../views/reply.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { ConsoleDriver } from './support/console-driver.js';

let sb: TestSwitchboard;
let account: TestAccount;
let admin: ConsoleUser;

// A command whose reply holds a secret, as `voice pin` with a generated PIN does.
const registry = registryWith({
  commands: [
    defineCommand({
      words: ['test-secret'],
      usage: '',
      summary: 'a reply with a secret',
      permission: 'anyone',
      args: noArgs,
      run: async () => ({
        kind: 'reply',
        reply: success('Set a PIN.', [
          { type: 'text', text: 'Set a new voicemail PIN.' },
          { type: 'secret', label: 'Voicemail PIN', value: '480913', note: 'Shown once, only to you.' },
          { type: 'actions', actions: [{ label: 'Profile', command: 'voice show 1815' }] },
        ]),
      }),
    }),
  ],
});

beforeAll(async () => {
  sb = await startTestSwitchboard();
  account = await newAccount(sb, 'Terminal Test Account');
  admin = (await consoleUser(sb, 'admin1')) as ConsoleUser;
});
afterAll(async () => sb?.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('the console on a terminal', () => {
  it('does not echo a secret as it is typed, and echoes the next answer', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true });
    let screen = '';
    output.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const io = new ReadlineIO({ input, output, terminal: true });
    const secret = io.read('PIN (typing is hidden): ', { secret: true, history: 'none' });
    input.write('4809');
    input.write('13\r');
    expect(await secret).toEqual({ kind: 'line', text: '480913' });
    const plain = io.read('Name: ', { history: 'none' });
    input.write('Lee\r');
    expect(await plain).toEqual({ kind: 'line', text: 'Lee' });
    io.close();
    await settle();
    expect(stripAnsi(screen)).not.toMatch(/\d/);
    expect(stripAnsi(screen)).toContain('PIN (typing is hidden): ');
    expect(stripAnsi(screen)).toContain('Name: Lee');
  });

  it('keeps form answers, and secrets above all, out of the command history', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true });
    let screen = '';
    output.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const io = new ReadlineIO({ input, output, terminal: true });
    const command = io.read('> ', { history: 'commands' });
    input.write('voice pin 1815\r');
    await command;
    const form = fillForm(
      io,
      {
        form: {
          id: 'f',
          title: 'PIN',
          submitLabel: 'Set',
          fields: [{ id: 'pin', label: 'PIN', kind: 'secret', required: true }],
          schema: z.unknown(),
        },
        initial: {},
        metadata: {},
        choices: {},
      },
      async () => ({ ok: true, reply: success('ok') }),
    );
    await settle();
    input.write('271828\r');
    expect(await form).toMatchObject({ kind: 'submitted' });
    const next = io.read('> ', { history: 'commands' });
    await settle();
    screen = '';
    input.write('\u001b[A'); // ↑: the last command, not the PIN typed after it
    await settle();
    expect(stripAnsi(screen)).toContain('voice pin 1815');
    expect(screen).not.toContain('271828');
    input.write('\r');
    expect(await next).toEqual({ kind: 'line', text: 'voice pin 1815' });
    io.close();
  });

  it('Ctrl-C clears a half-typed line, cancels a form, and a second one quits', async () => {
    const con = new ConsoleDriver(sb.deps, admin, { terminal: true, columns: 100, rows: 40, registry });
    await con.atPrompt();
    con.press('users half-typ');
    await settle();
    con.press('\u0003');
    await con.atPrompt();
    expect(con.latest).toContain('^C');
    expect(con.latest).not.toContain('quits');
    con.type('user add');
    await con.settled();
    expect(con.lastLine).toBe('User ID: ');
    con.type('lpark');
    await con.settled();
    con.press('\u0003');
    await con.atPrompt();
    expect(con.latest).toContain('Cancelled; nothing was changed.');
    con.press('\u0003');
    await con.console.done;
    expect(await sb.orm.em.fork().count(PortalUser, { userIdKey: 'lpark' })).toBe(0);
  });

  it('Ctrl-C once at an empty prompt says how to quit; Ctrl-D quits', async () => {
    const con = new ConsoleDriver(sb.deps, admin, { terminal: true, registry });
    await con.atPrompt();
    con.press('\u0003');
    await con.atPrompt();
    expect(con.latest).toContain('(Ctrl-C again, Ctrl-D or exit quits)');
    con.type('users');
    await con.atPrompt();
    // A command in between: the next Ctrl-C is a first one again.
    con.press('\u0003');
    await con.atPrompt();
    expect(con.latest).toContain('(Ctrl-C again, Ctrl-D or exit quits)');
    con.press('\u0004');
    await con.console.done;
    expect(stripAnsi(con.screen)).toContain('Bye.');
  });

  it('shows a secret once, then wipes it from the screen when Enter is pressed', async () => {
    const con = new ConsoleDriver(sb.deps, admin, { terminal: true, columns: 100, rows: 40, registry });
    await con.atPrompt();
    con.type('test-secret');
    await con.settled();
    expect(con.latest).toContain('Voicemail PIN: 480913\nShown once, only to you.\n\ntry: voice show 1815 (Profile)\n');
    expect(con.lastLine).toBe('Press Enter to wipe the Voicemail PIN from the screen. ');
    const before = con.screen.length;
    con.type('');
    await con.atPrompt();
    // Up from the line under the prompt to the PIN: the note, a blank line, the action, the prompt.
    expect(con.screen.slice(before)).toMatch(
      /\u001b\[5A\r\u001b\[2K(\u001b\[2m)?Voicemail PIN: \(shown once; wiped from the screen\)(\u001b\[22m)?\u001b\[5B\r/,
    );
    expect(con.screen.match(/480913/g)).toHaveLength(1);
    con.press('\u0004');
    await con.console.done;
  });

  it('completes command words with Tab', async () => {
    const con = new ConsoleDriver(sb.deps, admin, { terminal: true, registry });
    await con.atPrompt();
    con.press('reinv\t');
    await settle();
    expect(con.latest).toContain('reinvite ');
    con.press('\u0015\u0004'); // Ctrl-U, Ctrl-D
    await con.console.done;
    void account;
  });
});
