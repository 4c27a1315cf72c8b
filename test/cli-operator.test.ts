import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { linkInEml } from '../src/cli/outbox.js';
import { openDatabase } from '../src/db/orm.js';
import { cliRunner } from './support/cli.js';
import { AuditEvent } from '../src/domain/entities/audit-event.js';
import { ChatIdentity } from '../src/domain/entities/chat-identity.js';
import { OutboxMessage } from '../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../src/domain/entities/password-link.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-operator-'));
const dbPath = join(dir, 'cli.db');
const outboxDir = join(dir, 'outbox');
const env = { DATABASE_URL: `sqlite:${dbPath}`, LOG_LEVEL: 'error' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliRunner(env);

async function withDatabase<T>(work: (orm: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const orm = await openDatabase({ driver: 'sqlite', path: dbPath });
  try {
    return await work(orm);
  } finally {
    await orm.close(true);
  }
}

/** An .eml file as the mail worker writes them: built by nodemailer, quoted-printable, lines folded. */
async function writeEml(file: string, link: string): Promise<void> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const text = `Hello,\n\nChoose your password here ====: ${link}\n\nThe link works once.`;
  const html = `<p><a href="${link}">Set</a></p>`;
  const info = await transport.sendMail({
    from: 'a@example.com',
    to: 'b@example.com',
    subject: 'Set your password',
    text,
    html,
  });
  mkdirSync(outboxDir, { recursive: true });
  writeFileSync(file, info.message as Buffer);
}

const admin = (userId: string, ...more: string[]) =>
  cli(
    'admin',
    'create',
    '--account',
    'Operators',
    '--user-id',
    userId,
    '--email',
    `${userId}@example.com`,
    '--first',
    'Olive',
    '--last',
    'Ops',
    ...more,
  );

describe('operator CLI: the first hour', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await cli('--version')).toMatchObject({ code: 0, out: version });
  });

  it('admin create says how the new Administrator gets a password; --send-setup-email queues a setup email', async () => {
    const plain = await admin('nopass');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/nopass has no portal password yet .*--send-setup-email.*user reset-password nopass/s);
    const mailed = await admin('withmail', '--send-setup-email');
    expect(mailed.code, mailed.err).toBe(0);
    expect(mailed.out).toMatch(/A password-setup email to withmail@example.com is queued; .*npm run cli -- outbox/s);
    await withDatabase(async (orm) => {
      const em = orm.em.fork();
      const emails = await em.find(OutboxMessage, { recipient: 'withmail@example.com' });
      expect(emails).toMatchObject([{ kind: 'password-setup', status: 'pending' }]);
      const link = await em.findOneOrFail(PasswordLink, { id: emails[0]!.subjectId! }, { populate: ['user'] });
      expect(link).toMatchObject({ purpose: 'setup', user: { userId: 'withmail' } });
      const expires = link.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
      expect(mailed.out).toContain(`its link expires ${expires} UTC.`);
      expect(await em.count(OutboxMessage, { recipient: 'nopass@example.com' })).toBe(0);
    });
  });

  it("link says when it re-binds an identity that was someone else's; unlink removes a binding, and says when there is none", async () => {
    await admin('first.op');
    await admin('second.op');
    const linkU9 = async (to: string) => (await cli('link', 'slack', '--team', 'T9', '--user', 'U9', '--to', to)).out;
    const unlinkU9 = () => cli('unlink', 'slack', '--team', 'T9', '--user', 'U9');
    expect(await linkU9('first.op')).toBe('Linked slack user U9 (T9) to first.op (Olive Ops).');
    expect(await linkU9('first.op')).toBe('Linked slack user U9 (T9) to first.op (Olive Ops).');
    expect(await linkU9('second.op')).toBe(
      'Linked slack user U9 (T9) to second.op (Olive Ops); ' +
        'it was bound to first.op (Olive Ops, Operators), who no longer acts through it.',
    );
    expect(await unlinkU9()).toMatchObject({ code: 0, out: 'Unlinked slack user U9 (T9) from second.op (Olive Ops).' });
    const again = await unlinkU9();
    expect(again).toMatchObject({
      code: 1,
      err: 'slack user U9 (T9) is not bound to any portal user. (IDENTITY.NOT_FOUND)',
    });
    await withDatabase(async (orm) => {
      const em = orm.em.fork();
      expect(await em.count(ChatIdentity, { chatUserId: 'U9' })).toBe(0);
      const where = { action: { $in: ['identity.link', 'identity.unlink'] }, targetName: { $like: '%op%' } };
      const events = await em.find(AuditEvent, where, { orderBy: { createdAt: 'asc', id: 'asc' } });
      expect(events.map((e) => e.action).slice(-4)).toEqual([
        'identity.link',
        'identity.link',
        'identity.link',
        'identity.unlink',
      ]);
      expect(events.at(-2)!.before).toMatchObject({ userId: 'first.op' });
    });
  });

  it('outbox lists the latest emails with their links read from the .eml files; --json too; a bad --limit is refused', async () => {
    await admin('outboxer', '--send-setup-email');
    const email = await withDatabase(async (orm) =>
      orm.em.fork().findOneOrFail(OutboxMessage, { recipient: 'outboxer@example.com' }),
    );
    const id = email.id;
    const link = `http://localhost:3000/reset/${'Ab_-9'.repeat(9)}Q`;
    await writeEml(join(outboxDir, `password-setup-${id}.eml`), link);
    expect(readFileSync(join(outboxDir, `password-setup-${id}.eml`), 'utf8')).not.toContain(link); // folded by quoted-printable
    const listed = await cli('outbox', '--dir', outboxDir, '--limit', '3');
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(new RegExp(`pending +password-setup +outboxer@example.com\\n    ${link}`));
    expect(listed.out).toMatch(/withmail@example.com\n    not written yet \(pending\)/);
    const json = JSON.parse((await cli('outbox', '--dir', outboxDir, '--json')).out) as {
      recipient: string;
      link: string | null;
    }[];
    expect(json[0]).toMatchObject({
      recipient: 'outboxer@example.com',
      link,
      kind: 'password-setup',
      status: 'pending',
    });
    expect(json.length).toBeGreaterThan(1);
    const badLimit = await cli('outbox', '--limit', 'lots');
    expect(badLimit).toMatchObject({ code: 1, err: '--limit must be a whole number from 1 to 200, not "lots"' });
    await withDatabase(async (orm) => {
      const stored = JSON.stringify(await orm.em.fork().find(OutboxMessage, {}));
      expect(stored).not.toContain(link.split('/').at(-1));
    });
  });

  it('reads a link out of quoted-printable text', () => {
    expect(linkInEml('no link here, only http://h.example/terms')).toBeNull();
    expect(linkInEml('see http://h.example/sign=\r\nup/abc_-12\r\n')).toBe('http://h.example/signup/abc_-12');
  });
});
