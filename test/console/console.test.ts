import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { consoleUser } from '../../src/app/console-user.js';
import type { ConsoleUser } from '../../src/console/start.js';
import { loadDemoData } from '../../src/app/demo-data.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { MailWorker } from '../../src/mail/outbox-worker.js';
import { emlFileTransport } from '../../src/mail/transport.js';
import { drain } from '../mail/support/mail-worker.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { ConsoleDriver } from './support/console-driver.js';

let sb: TestSwitchboard;
let admin: ConsoleUser;
let outboxDir: string;
let worker: MailWorker;
let con: ConsoleDriver;

beforeAll(async () => {
  sb = await startTestSwitchboard();
  await loadDemoData(sb.orm, sb.clock.now());
  admin = (await consoleUser(sb)) as ConsoleUser;
  outboxDir = await mkdtemp(join(tmpdir(), 'switchboard-console-outbox-'));
  worker = new MailWorker(sb.deps, {
    transport: emlFileTransport(outboxDir, sb.deps.logger),
    from: 'Switchboard <noreply@localhost>',
    pollIntervalMs: 20,
  });
  con = new ConsoleDriver(sb.deps, admin, { columns: 140 });
});

afterAll(async () => {
  await con?.console.close();
  await sb?.close();
  if (outboxDir) await rm(outboxDir, { recursive: true, force: true });
});

const em = () => sb.orm.em.fork();
const hasCommand = (words: string) => allCommands().some((c) => c.words.join(' ') === words);

/** The .eml files the worker wrote for a kind and a recipient, with the link each carries. */
async function emails(kind: string, to: string): Promise<{ file: string; link: string }[]> {
  await drain(worker);
  const found: { file: string; link: string }[] = [];
  for (const file of (await readdir(outboxDir)).filter((f) => f.startsWith(`${kind}-`) && f.endsWith('.eml'))) {
    const text = (await readFile(join(outboxDir, file), 'utf8')).replace(/=\r?\n/g, '');
    if (!new RegExp(`^To: ${to}`, 'mi').test(text)) continue;
    found.push({ file, link: /https:\/\/switchboard\.test\/(signup|reset)\/[A-Za-z0-9_-]{43}/.exec(text)?.[0] ?? '' });
  }
  return found;
}

describe('the console, driven through its input and output', () => {
  it('greets with who it acts as and shows the prompt', async () => {
    await con.atPrompt();
    expect(con.screen).toMatch(
      /^Switchboard console: acting as Alex Stewart \(astewart\), Administrator of Corporate Account For Cloud Services\.\nType help for the commands; exit or Ctrl-D quits\.\n/,
    );
    expect(con.lastLine).toBe('astewart@switchboard> ');
  });

  it('help fits 80 columns: usage wrapped within its column, never cut', async () => {
    const narrow = new ConsoleDriver(sb.deps, admin, { columns: 80 });
    try {
      const help = await narrow.run('help');
      expect(help).not.toContain('…');
      expect(Math.max(...help.split('\n').map((l) => l.length))).toBeLessThan(80);
      const usersRow = help.split('\n').findIndex((l) => l.startsWith('users '));
      const usageColumn = help
        .split('\n')
        .slice(usersRow, usersRow + 4)
        .map((l) => l.slice(0, l.indexOf('  ')).trim())
        .join('');
      expect(usageColumn).toContain('[enabled|disabled|');
    } finally {
      await narrow.console.close();
    }
  });

  it("help lists the commands, with the console's own keys", async () => {
    const help = await con.run('help');
    for (const command of allCommands()) expect(help).toContain(command.words.join(' '));
    expect(help).toContain('At this console: Tab completes a command');
    expect(await con.run('frobnicate')).toContain('✗ Unknown command "frobnicate". Type help for the list.');
  });

  it("users shows the account's users as an aligned table", async () => {
    const shown = await con.run('users');
    const lines = shown.split('\n');
    const header = lines.findIndex((l) => /^Name +User ID +Label +State +Admin/.test(l));
    expect(header).toBeGreaterThan(0);
    const alex = lines.find((l) => l.startsWith('Alex Stewart'))!;
    expect(alex.indexOf('astewart')).toBe(lines[header]!.indexOf('User ID'));
    expect(shown).toContain('1 - 6 of 6');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThan(140);
  });

  it('a page past the end says so, with how many there are, not a range', async () => {
    const shown = await con.run('users --page 99');
    expect(shown).toContain('Page 99 is past the end: 6 users in 1 page.');
    expect(shown).not.toMatch(/\d+ - \d+ of/);
  });

  it('user add: the form, a phone without its country code asked again at once, the user and the setup email', async () => {
    const shown = await con.form('user add', {
      'User ID': 'lpark',
      'User Label': 'Lee Park',
      'First Name': 'Lee',
      'Last Name': 'Park',
      Email: 'lee.park@example.com',
      Phone: ['7035550100', '+1 703 555 0100'],
      Role: '4',
      // A level chosen for an area sets it over the role's; the others keep the role's.
      Orders: '3',
      Sites: '3992460',
    });
    expect(shown).toContain(
      'Add portal user\n───────────────\nThe user is created enabled, with the permissions of their role',
    );
    expect(shown).toMatch(/Role \(1-4\) \[3 Read-Only\]: 4\n/);
    expect(shown).toMatch(/Send password setup email \(y\/n\) \[yes\]: \n/);
    // The phone is checked at its own prompt, by the form's rule, and asked again at once: one submission.
    const askedAgain = /\nPhone: 7035550100\n✗ Phone: .*country code.*\n(.*\n)?Phone: \+1 703 555 0100\n/;
    expect(shown).toMatch(new RegExp(`${askedAgain.source}(.*\\n)*Role \\(1-4\\)`));
    expect(shown).not.toContain('Please correct the fields marked');
    expect(shown.match(/Add user…/g)).toHaveLength(1);
    expect(shown).toMatch(
      /Add user…\n✓ Added Lee Park \(lpark\)\. A password setup email is on its way to lee\.park@example\.com\./,
    );

    const user = await em().findOneOrFail(PortalUser, { userIdKey: 'lpark' }, { populate: ['sites'] });
    expect(user).toMatchObject({
      phone: '+17035550100',
      state: 'enabled',
      email: 'lee.park@example.com',
      services: 'manage',
      tickets: 'manage',
      invoices: 'hide',
      orders: 'view',
    });
    expect(user.sites.getItems().map((s) => s.accountNumber)).toEqual(['3992460']);
    expect(await em().count(AuditEvent, { action: 'user.add', platform: 'console', outcome: 'success' })).toBe(1);
    const setup = await emails('password-setup', 'lee.park@example.com');
    expect(setup).toHaveLength(1);
    expect(setup[0]!.link).toMatch(/\/reset\/|\/signup\//);
  });

  it('invite, then reinvite: the first link stops working, each email is in the outbox folder', async () => {
    const invited = await con.run('invite jo.ann@example.com --role support --name "Jo Ann"');
    expect(invited).toMatch(/✓ Invited jo\.ann@example\.com as support/);
    expect(invited).toContain('try: invites (Pending invitations)');
    const first = await emails('invitation', 'jo.ann@example.com');
    expect(first).toHaveLength(1);
    expect(first[0]!.link).toMatch(/^https:\/\/switchboard\.test\/signup\//);

    expect(await con.run('reinvite jo.ann@example.com')).toMatch(
      /✓ Sent a new invitation to jo\.ann@example\.com; earlier links no longer work\./,
    );
    const invitations = await em().find(Invitation, { email: 'jo.ann@example.com' }, { orderBy: { createdAt: 'asc' } });
    expect(invitations).toHaveLength(2);
    expect(invitations[0]!.revokedAt).not.toBeNull();
    expect(invitations[1]!.revokedAt).toBeNull();
    expect(await emails('invitation', 'jo.ann@example.com')).toHaveLength(2);
    const user = await em().findOneOrFail(PortalUser, { emailKey: 'jo.ann@example.com' });
    expect(user).toMatchObject({ state: 'unconfirmed', firstName: 'Jo', lastName: 'Ann' });
  });

  it('invite with no arguments opens its form', async () => {
    const shown = await con.form('invite', { Email: 'pat@example.com', 'First Name': 'Pat', Role: 'read-only' });
    expect(shown).toContain('Invite a user\n─────────────\n');
    expect(shown).toMatch(/Last Name \(optional\): \n/);
    expect(shown).toContain('✓ Invited pat@example.com as read-only');
    expect(await em().count(OutboxMessage, { kind: 'invitation', recipient: 'pat@example.com' })).toBe(1);
  });

  it('user reset-password: a link to each user, from the command and from its form', async () => {
    expect(await con.run('user reset-password cburns kjohnson')).toContain(
      '✓ Sent a password reset link to cburns (cindy.burns@example.com), kjohnson (kyle.johnson@example.com).',
    );
    const shown = await con.form('user reset-password', { Users: 'bfisher' });
    expect(shown).toMatch(/\d\) Billy Fisher \(bfisher\)\n/);
    expect(shown).toContain('✓ Sent a password reset link to bfisher (billy.fisher@example.com).');
    for (const [userId, email] of [
      ['cburns', 'cindy.burns@example.com'],
      ['kjohnson', 'kyle.johnson@example.com'],
      ['bfisher', 'billy.fisher@example.com'],
    ] as const) {
      const user = await em().findOneOrFail(PortalUser, { userIdKey: userId });
      expect(await em().count(PasswordLink, { user, purpose: 'reset' }), userId).toBe(1);
      const sent = await emails('password-reset', email);
      expect(sent, email).toHaveLength(1);
      expect(sent[0]!.link).toMatch(/^https:\/\/switchboard\.test\/reset\//);
    }
  });

  it('a refusal is shown as an error and nothing changes', async () => {
    expect(await con.run('user delete astewart')).toContain('✗ You cannot delete yourself');
    expect(await con.run('user show nobody')).toContain('✗ No user "nobody"');
    expect((await em().findOneOrFail(PortalUser, { userIdKey: 'astewart' })).state).toBe('enabled');
  });

  it.runIf(hasCommand('voice pin'))('voice pin: a generated PIN is shown once, only its hash is stored', async () => {
    const shown = await con.form('voice pin 1815', {});
    const pin = /PIN: (\d{6})\n/.exec(shown)?.[1];
    expect(pin, shown).toMatch(/^\d{6}$/);
    // Left empty, the PIN is generated: there is nothing to confirm.
    expect(shown).toContain('New PIN (optional) (typing is hidden): \n');
    expect(shown).not.toContain('Confirm PIN');
    expect(shown.split(pin!)).toHaveLength(2);
    const { VoiceCredential } = await import('../../src/domain/entities/voice-credential.js');
    const credential = await em().findOneOrFail(VoiceCredential, { profile: { extension: '1815' } });
    expect(credential).toMatchObject({ pinSource: 'generated', pinMustChange: true });
    expect(credential.pinHash).not.toContain(pin);
    expect(sb.logs.join('')).not.toContain(pin);
  });

  it.runIf(hasCommand('voice pin'))(
    'voice pin: a typed PIN is not echoed; a refused one is typed and confirmed again',
    async () => {
      const shown = await con.form('voice pin 1814', {
        'New PIN': ['1234', '480913'],
        'Confirm PIN': ['1234', '480913'],
      });
      const retry = shown.slice(shown.indexOf('✗'));
      expect(retry).toMatch(/^✗ Please correct the fields marked\.\n✗ New PIN: .*\n/);
      expect(retry.slice(0, retry.indexOf('Set PIN…')).match(/^[A-Z][\w ]+( \(optional\))?( \(.*\))?: /gm)).toEqual([
        'New PIN (optional) (typing is hidden): ',
        'Confirm PIN (optional) (typing is hidden): ',
      ]);
      // No provisioner is configured: no ✓, and the reply says where the PIN went.
      expect(shown).toContain(
        'Saved a new voicemail PIN for Billy Supervisor Two (+17039351814) in Switchboard only; they must change it at first use.',
      );
      expect(shown).not.toContain('✓ Set a new voicemail PIN');
      expect(shown).not.toContain('480913');
      expect(shown).not.toMatch(/: 1234\n/);
      const { VoiceCredential } = await import('../../src/domain/entities/voice-credential.js');
      expect(await em().findOneOrFail(VoiceCredential, { profile: { extension: '1814' } })).toMatchObject({
        pinSource: 'typed',
        pinMustChange: true,
      });
      expect(sb.logs.join('')).not.toContain('480913');
    },
  );

  it.runIf(hasCommand('voice e911'))(
    'voice e911: a bad ZIP is refused at its prompt and asked again at once, and the address is saved',
    async () => {
      const shown = await con.form('voice e911 1816', {
        'House number': '123',
        'Street name': 'Main',
        'Street suffix': 'St',
        City: 'Little River',
        State: 'SC',
        'ZIP code': ['2957', '29566'],
        Suite: '200',
      });
      expect(shown).toContain('E911 address\n');
      // The ZIP's format is the form's rule: checked at its prompt, before the next field; one submission.
      expect(shown).toMatch(
        /\nZIP code: 2957\n✗ ZIP code: ZIP 2957 is not a ZIP code.*\n(.*\n)?ZIP code: 29566\nFloor/,
      );
      expect(shown).not.toContain('Please correct the fields marked');
      expect(shown.match(/Save address…/g)).toHaveLength(1);
      const request = /Request: ([0-9a-f-]{36})/.exec(shown)?.[1];
      if (request) {
        // Changing an E911 address waits for a second Administrator (DESIGN.md, "Approvals"): Cindy Burns approves at her console.
        expect(shown).toContain('Waiting for approval: changing an E911 address needs a second Administrator.');
        const other = new ConsoleDriver(sb.deps, (await consoleUser(sb, 'cburns')) as ConsoleUser, { columns: 140 });
        expect(await other.run(`approvals approve ${request}`)).toMatch(/✓/);
        await other.quit();
      } else {
        expect(shown).toMatch(/Saved the E911 address of Brad Caldwell in Switchboard only: /);
      }
      const { VoiceE911Address } = await import('../../src/domain/entities/voice-e911-address.js');
      const address = await em().findOneOrFail(VoiceE911Address, { profile: { extension: '1816' } });
      expect(address).toMatchObject({ houseNumber: '123', zip: '29566', state: 'SC', suite: '200' });
      expect(await em().count(AuditEvent, { action: 'voice.e911', outcome: 'success' })).toBe(1);
    },
  );

  it('exit ends the console', async () => {
    await con.atPrompt();
    con.type('exit');
    await con.console.done;
    expect(con.screen.endsWith('Bye.\n')).toBe(true);
    if (process.env.SHOW_CONSOLE) process.stdout.write(con.screen);
  });
});
