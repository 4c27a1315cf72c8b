import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { hashToken } from '../../src/domain/tokens.js';
import { claimDueMessages, finishMessage } from '../../src/mail/outbox-claims.js';
import { emlFileTransport, smtpTransport } from '../../src/mail/transport.js';
import { inviteUser, listInvitations, reinviteUser } from '../../src/services/invitations/invitations.js';
import { completePasswordReset } from '../../src/services/links/completion.js';
import { describeLink } from '../../src/services/links/tokens.js';
import { enqueueEmail } from '../../src/services/outbox.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser } from '../../src/services/users/profile.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { drain, outboxRow, testWorker } from './support/mail-worker.js';
import { linkIn, SmtpSink } from './support/smtp-sink.js';

let sb: TestSwitchboard;
let sink: SmtpSink;
const credentials = { user: 'mailer', pass: 'Sm7p-pa55word!' };

beforeAll(async () => {
  sb = await startTestSwitchboard();
  sink = await SmtpSink.start({ credentials });
});
// A test that fails half-way must not leave due messages for the next one's worker.
afterEach(async () => {
  await sb.orm.em
    .fork()
    .nativeUpdate(OutboxMessage, { status: { $in: ['pending', 'sending'] } }, { status: 'cancelled' });
});
afterAll(async () => {
  await sink?.stop();
  await sb?.close();
});

const tokenOf = (link: string) => link.split('/').pop()!;
const receivedBy = (email: string) => sink.received.filter((m) => m.rcptTo.includes(email));

describe('without SMTP_URL', () => {
  it('writes each email as an RFC 822 .eml file named after its outbox row, and logs its link at info', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
    try {
      const acc = await newAccount(sb);
      const invitation = await inviteUser(sb.deps, acc.actor, {
        email: 'eve@example.com',
        firstName: 'Eve',
        lastName: 'Example',
      });
      const row = await outboxRow(sb, { subjectId: invitation.id });
      const worker = testWorker(sb, emlFileTransport(dir, sb.deps.logger));

      expect(await drain(worker)).toMatchObject({ claimed: 1, sent: 1 });
      expect(readdirSync(dir)).toEqual([`invitation-${row.id}.eml`]);
      const raw = readFileSync(join(dir, `invitation-${row.id}.eml`), 'utf8');
      expect(raw).toMatch(/\r\n\r\n/);
      // Every line ends in CRLF (RFC 5322), the bodies' lines included.
      expect(raw).not.toMatch(/(^|[^\r])\n|\r(?!\n)/);
      expect(raw.split('\r\n').length).toBeGreaterThan(20);
      const mail = await simpleParser(raw);
      expect(mail.subject).toBe(`Ada Admin invited you to ${acc.account.name} on Acme Portal`);
      expect(mail.from?.value).toEqual([{ name: 'Acme Portal', address: 'noreply@acme.test' }]);
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('eve@example.com');
      expect(mail.messageId).toBe(`<${row.id}.1@acme.test>`);
      const link = linkIn(mail.text, 'signup');
      expect(link).toMatch(/^https:\/\/switchboard\.test\/signup\//);
      expect(mail.html).toContain(`href="${link}"`);

      const logged = sb.logs.filter((line) => line.includes(link));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ level: 30, outboxId: row.id, kind: 'invitation' });

      const stored = await sb.orm.em.fork().findOneOrFail(LinkToken, { invitation: invitation.id });
      expect(stored).toMatchObject({ tokenHash: hashToken(tokenOf(link)), outboxMessageId: row.id, attempt: 1 });
      expect(await describeLink(sb.deps, 'invitation', tokenOf(link))).toMatchObject({
        email: 'eve@example.com',
        purpose: 'signup',
      });
      expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({
        status: 'sent',
        attempts: 1,
        claimedBy: null,
        claimedUntil: null,
        lastError: null,
        sentAt: sb.clock.now(),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes its folder when the folder is missing: at the first email, and after someone removed it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'switchboard-outbox-'));
    const dir = join(parent, 'outbox');
    try {
      const acc = await newAccount(sb);
      const worker = testWorker(sb, emlFileTransport(dir, sb.deps.logger));
      const files: string[] = [];
      for (const name of ['first', 'second']) {
        const invitation = await inviteUser(sb.deps, acc.actor, {
          email: `${name}@example.com`,
          firstName: name,
          lastName: 'Example',
        });
        files.push(`invitation-${(await outboxRow(sb, { subjectId: invitation.id })).id}.eml`);
        expect(await drain(worker)).toMatchObject({ claimed: 1, sent: 1 });
        expect(readdirSync(dir)).toEqual([files.at(-1)]);
        // It holds a live password link: its owner's alone.
        expect(statSync(join(dir, files.at(-1)!)).mode & 0o777).toBe(0o600);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        rmSync(dir, { recursive: true });
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('through SMTP_URL', () => {
  it('sends every kind of email, logged in, text and HTML, names escaped, links from PUBLIC_BASE_URL', async () => {
    const acc = await newAccount(sb, `Smith & <Sons> ${Date.now()}`);
    const worker = testWorker(sb, smtpTransport(sink.url));
    const nasty = { firstName: '<img src=x onerror=alert(1)>', lastName: "O'Brien" };

    await inviteUser(sb.deps, acc.actor, { email: 'ivy@example.com', ...nasty });
    await addUser(sb.deps, acc.actor, {
      userId: 'sam.setup',
      email: 'sam@example.com',
      ...nasty,
      phone: '+17035550123',
    });
    expect(await drain(worker)).toMatchObject({ sent: 2, retrying: 0 });
    await requestPasswordResets(sb.deps, acc.actor, { users: ['sam.setup'] });
    expect(await drain(worker)).toMatchObject({ sent: 1 });

    const [invitation] = receivedBy('ivy@example.com');
    const [setup, reset] = receivedBy('sam@example.com');
    expect(invitation!.user).toBe('mailer');
    expect(invitation!.parsed.subject).toBe(`Ada Admin invited you to ${acc.account.name} on Acme Portal`);
    expect(invitation!.parsed.text).toContain(
      `Ada Admin invited you to join the account ${acc.account.name} on Acme Portal as a Regular user.`,
    );
    expect(invitation!.parsed.text).toMatch(/expires in 7 days, on Wednesday, December 2, 2026 at 10:00 AM UTC/);
    expect(setup!.parsed.subject).toBe(`Set your password for ${acc.account.name} on Acme Portal`);
    expect(reset!.parsed.subject).toBe(`Reset your password for ${acc.account.name} on Acme Portal`);
    expect(reset!.parsed.text).toMatch(/expires in 12 hours/);
    for (const [mail, path] of [
      [invitation!, 'signup'],
      [setup!, 'reset'],
      [reset!, 'reset'],
    ] as const) {
      const link = linkIn(mail.parsed.text, path);
      expect(link.startsWith(`https://switchboard.test/${path}/`)).toBe(true);
      expect(mail.parsed.html).toContain(`href="${link}"`);
      expect(mail.parsed.html).not.toContain('<img src=x');
      expect(mail.parsed.html).toContain('&lt;img src=x onerror=alert(1)&gt; O&#39;Brien');
      expect(mail.parsed.html).toContain('Smith &amp; &lt;Sons&gt;');
      expect(mail.parsed.text).toContain("Hello <img src=x onerror=alert(1)> O'Brien,");
    }
    // the setup link was replaced by the reset link (a new reset link revokes the earlier one)
    expect(await describeLink(sb.deps, 'password', tokenOf(linkIn(setup!.parsed.text, 'reset')))).toBeNull();

    await completePasswordReset(sb.deps, {
      token: tokenOf(linkIn(reset!.parsed.text, 'reset')),
      password: 'copper kettle whistles at dawn',
    });
    expect(await drain(worker)).toMatchObject({ sent: 1 });
    const changed = receivedBy('sam@example.com')[2]!;
    expect(changed.parsed.subject).toBe(`Your password for ${acc.account.name} on Acme Portal was changed`);
    expect(changed.parsed.text).toContain('was changed on Wednesday, November 25, 2026 at 10:00 AM UTC');
    expect(changed.parsed.text).not.toMatch(/https?:\/\//);
  });

  it('cancels, without sending, the email of a link that was revoked before it went out', async () => {
    const acc = await newAccount(sb);
    const first = await inviteUser(sb.deps, acc.actor, { email: 'rita@example.com' });
    const second = await reinviteUser(sb.deps, acc.actor, { user: 'rita@example.com' });
    const worker = testWorker(sb, smtpTransport(sink.url));
    expect(await drain(worker)).toMatchObject({ sent: 1, cancelled: 1 });
    expect(receivedBy('rita@example.com')).toHaveLength(1);
    expect(await outboxRow(sb, { subjectId: first.id })).toMatchObject({
      status: 'cancelled',
      lastError: expect.stringMatching(/no longer open/),
    });
    expect(await outboxRow(sb, { subjectId: second.id })).toMatchObject({ status: 'sent' });
  });

  it('retries with exponential backoff, then marks the email failed with an error free of secrets, visible in invites', async () => {
    const acc = await newAccount(sb);
    const worker = testWorker(sb, smtpTransport(sink.url));
    // a content filter that quotes the link back in its reply
    sink.refuseWith = (raw) => ({
      code: 451,
      message: `Temporary failure: URL ${/https:\S+/.exec(raw.replace(/=\r\n/g, ''))?.[0]} is being scanned`,
    });
    try {
      const invitation = await inviteUser(sb.deps, acc.actor, { email: 'walt@example.com' });
      const start = sb.clock.now().getTime();
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
      let row = await outboxRow(sb, { subjectId: invitation.id });
      expect(row).toMatchObject({ status: 'pending', attempts: 1, claimedBy: null });
      expect(row.nextAttemptAt.getTime()).toBe(start + 60_000);
      expect(row.lastError).toMatch(/^EMESSAGE 451: .*Temporary failure: URL \[redacted\] is being scanned$/);
      // The warning says why, as the console shows it: its message, with the link taken out.
      const warnings = sb.logs
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((r) => r.level === 40 && r.msg.startsWith('email to walt@example.com not delivered'));
      expect(warnings.map((r) => r.msg)).toEqual([
        `email to walt@example.com not delivered (${row.lastError}); retrying`,
      ]);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

      for (const [wait, attempts] of [
        [60_000, 2],
        [120_000, 3],
      ] as const) {
        sb.clock.advance(wait - 1);
        expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
        sb.clock.advance(1);
        expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
        row = await outboxRow(sb, { subjectId: invitation.id });
        expect(row).toMatchObject({ status: 'pending', attempts });
      }
      sb.clock.advance(240_000);
      expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      row = await outboxRow(sb, { subjectId: invitation.id });
      expect(row).toMatchObject({ status: 'failed', attempts: 4, sentAt: null });
      expect(row.lastError).toMatch(/^gave up after 4 attempts: EMESSAGE 451/);

      sb.clock.advance(86_400_000);
      expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
      const invites = await listInvitations(sb.deps, acc.actor, { filter: 'all' });
      expect(invites.items.find((i) => i.id === invitation.id)).toMatchObject({ emailStatus: 'failed' });

      expect(sink.refused).toHaveLength(4);
      const tokens = sink.refused.map((raw) => /\/signup\/([A-Za-z0-9_-]{43})/.exec(raw.replace(/=\r\n/g, ''))![1]!);
      expect(new Set(tokens).size).toBe(4);
      // each refused email reached nobody: its token was forgotten and opens nothing
      expect(await sb.orm.em.fork().count(LinkToken, { invitation: invitation.id })).toBe(0);
      for (const token of tokens) expect(await describeLink(sb.deps, 'invitation', token)).toBeNull();
      // each attempt is its own email
      expect(sink.refused.map((raw) => /^Message-ID: (\S+)/im.exec(raw)![1])).toEqual(
        [1, 2, 3, 4].map((n) => `<${row.id}.${n}@acme.test>`),
      );
      for (const token of tokens) expect(sb.logs.filter((line) => line.includes(token))).toEqual([]);
      expect(sb.logs.some((line) => line.includes('"level":50') && line.includes('walt@example.com'))).toBe(true);
    } finally {
      sink.refuseWith = null;
    }
  });

  it('never puts the SMTP password into lastError or the log when the login fails', async () => {
    const acc = await newAccount(sb);
    const wrong = 'Wr0ng-s3cret%2Fvalue';
    const url = sink.url.replace(encodeURIComponent(credentials.pass), wrong);
    const worker = testWorker(sb, smtpTransport(url), { retry: { maxAttempts: 1 } });
    const invitation = await inviteUser(sb.deps, acc.actor, { email: 'una@example.com' });
    expect(await drain(worker)).toMatchObject({ failed: 1 });
    const row = await outboxRow(sb, { subjectId: invitation.id });
    expect(row.lastError).toMatch(/^gave up after 1 attempts: EAUTH 535/);
    for (const secret of [wrong, decodeURIComponent(wrong)]) {
      expect(row.lastError).not.toContain(secret);
      expect(sb.logs.join('\n')).not.toContain(secret);
    }
  });

  it('marks a message with a broken payload failed at once, without retrying', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const row = enqueueEmail(em, {
      accountId: acc.account.id,
      kind: 'invitation',
      recipient: 'broken@example.com',
      payload: { recipientName: 'X' },
      now: sb.clock.now(),
    });
    await em.flush();
    expect(await drain(testWorker(sb, smtpTransport(sink.url)))).toMatchObject({ claimed: 1, failed: 1 });
    expect(await sb.orm.em.fork().findOneOrFail(OutboxMessage, { id: row.id })).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: "not sent: the invitation message's payload is not valid (invitationId)",
    });
  });

  // PostgreSQL's json column refuses text that is not JSON: that case exists on SQLite alone.
  const badPayloads: [string, string, string][] = [
    ['JSON that is not an object', `'[1, 2]'`, 'array'],
    ...(process.env.TEST_DATABASE_URL
      ? []
      : [
          ['text that is not JSON (SQLite keeps what it is given)', `'{"invitationId": '`, 'text'] as [
            string,
            string,
            string,
          ],
        ]),
  ];
  it.each(badPayloads)(
    'marks a message whose payload is %s failed, and goes on with the others',
    async (_, payload, name) => {
      const acc = await newAccount(sb);
      const em = sb.orm.em.fork();
      const message = { accountId: acc.account.id, kind: 'invitation' as const, now: sb.clock.now() };
      const broken = enqueueEmail(em, { ...message, recipient: `${name}@example.com`, payload: {} });
      await em.flush();
      await em.getConnection().execute(`update outbox_messages set payload = ${payload} where id = ?`, [broken.id]);
      await inviteUser(sb.deps, acc.actor, { email: `after-${name}@example.com` });
      expect(await drain(testWorker(sb, smtpTransport(sink.url)))).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
      expect(await outboxRow(sb, { recipient: broken.recipient })).toMatchObject({
        status: 'failed',
        lastError: "not sent: the invitation message's payload is not valid (payload)",
      });
      expect(receivedBy(`after-${name}@example.com`)).toHaveLength(1);
    },
  );

  it('sends over a few connections it keeps open, not one connection per email', async () => {
    const acc = await newAccount(sb);
    for (let i = 0; i < 12; i++) await inviteUser(sb.deps, acc.actor, { email: `pooled${i}@example.com` });
    const transport = smtpTransport(sink.url);
    try {
      const before = sink.connections;
      expect(await drain(testWorker(sb, transport, { batchSize: 4 }))).toMatchObject({ claimed: 12, sent: 12 });
      expect(sink.received.filter((m) => m.rcptTo[0]!.startsWith('pooled'))).toHaveLength(12);
      // The worker sends 4 at a time: at most 4 connections for the 12.
      expect(sink.connections - before).toBeGreaterThan(0);
      expect(sink.connections - before).toBeLessThanOrEqual(4);
    } finally {
      transport.close();
    }
  });
});

describe('claims', () => {
  it('takes over the message of a worker that died mid-send once its lease has run out, and the dead claim cannot record anything', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, { email: 'lara@example.com' });
    const now = sb.clock.now();
    const claimed = await claimDueMessages(sb.orm.em.fork(), {
      workerId: 'dead-worker',
      now,
      leaseUntil: new Date(now.getTime() + 300_000),
      limit: 10,
    });
    expect(claimed.map((m) => m.subjectId)).toEqual([invitation.id]);
    expect(claimed[0]).toMatchObject({ status: 'sending', claimedBy: 'dead-worker', attempts: 1 });

    const worker = testWorker(sb, smtpTransport(sink.url), { leaseMs: 300_000 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    sb.clock.advance(300_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    sb.clock.advance(1);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(receivedBy('lara@example.com')).toHaveLength(1);
    expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await finishMessage(sb.orm.em.fork(), claimed[0]!.id, 'dead-worker', { status: 'sent', sentAt: now })).toBe(
      false,
    );
  });

  it('claims at most its limit: a dead worker’s message and the longest-due ones, never one not due yet', async () => {
    const acc = await newAccount(sb);
    const invite = async (name: string) => {
      const { id } = await inviteUser(sb.deps, acc.actor, { email: `${name}@example.com` });
      sb.clock.advance(1_000);
      return id;
    };
    const [dead, first, second, third, later] = [
      await invite('dead'),
      await invite('first'),
      await invite('second'),
      await invite('third'),
      await invite('later'),
    ];
    const claim = (workerId: string, limit: number) => {
      const now = sb.clock.now();
      const leaseUntil = new Date(now.getTime() + 5_000);
      return claimDueMessages(sb.orm.em.fork(), { workerId, now, leaseUntil, limit });
    };
    expect((await claim('dead-worker', 1)).map((m) => m.subjectId)).toEqual([dead]);
    await sb.orm.em
      .fork()
      .nativeUpdate(
        OutboxMessage,
        { subjectId: later },
        { nextAttemptAt: new Date(sb.clock.now().getTime() + 60_000) },
      );
    sb.clock.advance(5_001);

    expect((await claim('worker', 3)).map((m) => m.subjectId)).toEqual([dead, first, second]);
    expect((await claim('worker', 10)).map((m) => m.subjectId)).toEqual([third]);
    expect(await outboxRow(sb, { subjectId: later })).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('claims messages due at the same moment in the order they were written', async () => {
    const acc = await newAccount(sb);
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three', 'four', 'five'])
      ids.push((await inviteUser(sb.deps, acc.actor, { email: `same-${name}@example.com` })).id);
    const now = sb.clock.now();
    const claim = { workerId: 'worker', now, leaseUntil: new Date(now.getTime() + 5_000) };
    const first = await claimDueMessages(sb.orm.em.fork(), { ...claim, limit: 2 });
    const rest = await claimDueMessages(sb.orm.em.fork(), { ...claim, limit: 10 });
    expect([...first, ...rest].map((m) => m.subjectId)).toEqual(ids);
    expect(first).toHaveLength(2);
  });

  it('gives up on a message whose every attempt died mid-send, instead of trying it forever', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, { email: 'otto@example.com' });
    for (let i = 0; i < 4; i++) {
      const now = sb.clock.now();
      expect(
        await claimDueMessages(sb.orm.em.fork(), {
          workerId: `dead-${i}`,
          now,
          leaseUntil: new Date(now.getTime() + 1_000),
          limit: 10,
        }),
      ).toHaveLength(1);
      sb.clock.advance(1_001);
    }
    expect(await drain(testWorker(sb, smtpTransport(sink.url)))).toMatchObject({ claimed: 1, failed: 1 });
    expect(receivedBy('otto@example.com')).toHaveLength(0);
    expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({
      status: 'failed',
      attempts: 5,
      lastError: expect.stringMatching(/^gave up after 4 attempts: the last one did not finish/),
    });
  });
});

describe('start and stop', () => {
  it('polls by itself, and stop() waits for the send in flight to finish and be recorded', async () => {
    const acc = await newAccount(sb);
    let release!: () => void;
    sink.hold = new Promise((resolve) => (release = resolve));
    try {
      const worker = testWorker(sb, smtpTransport(sink.url));
      worker.start();
      worker.start();
      expect(worker.running).toBe(true);
      const invitation = await inviteUser(sb.deps, acc.actor, { email: 'polly@example.com' });
      await expect
        .poll(async () => (await outboxRow(sb, { subjectId: invitation.id })).status, { timeout: 5_000 })
        .toBe('sending');

      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(worker.running).toBe(false);
      expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({ status: 'sent', attempts: 1 });
      expect(receivedBy('polly@example.com')).toHaveLength(1);

      // stopped means stopped: nothing more is sent
      const later = await inviteUser(sb.deps, acc.actor, { email: 'polly2@example.com' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await outboxRow(sb, { subjectId: later.id })).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await drain(worker)).toMatchObject({ sent: 1 });
    } finally {
      sink.hold = null;
      release?.();
    }
  });
});
