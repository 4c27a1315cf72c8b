import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { smtpTransport } from '../../src/mail/transport.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { acceptInvitation } from '../../src/services/links/completion.js';
import { describeLink } from '../../src/services/links/tokens.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { MAIL_FROM, outboxRow, testWorker } from './support/mail-worker.js';
import { linkIn, SmtpSink } from './support/smtp-sink.js';

const script = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));

let sb: TestSwitchboard;
let sink: SmtpSink;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  sink = await SmtpSink.start();
});
afterAll(async () => {
  await sink?.stop();
  await sb?.close();
});

const tokenOf = (text: string | undefined) => linkIn(text, 'signup').split('/').pop()!;

it('kill -9 after the SMTP server took the email, before it was marked sent: the retry is another email, and the first link still works', async () => {
  const acc = await newAccount(sb);
  const invitation = await inviteUser(sb.deps, acc.actor, {
    email: 'kai@example.com',
    firstName: 'Kai',
    lastName: 'Crash',
  });
  const row = await outboxRow(sb, { subjectId: invitation.id });

  // A worker in its own process sends the email; the server has all of it, and the worker dies
  // (SIGKILL) before the server's reply reaches it, so before it can mark the row sent.
  let release!: () => void;
  sink.hold = new Promise((resolve) => (release = resolve));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify(sb.database), sink.url, sb.clock.now().toISOString(), MAIL_FROM],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await expect
    .poll(() => sink.dataReceived, {
      timeout: 30_000,
      message: "the worker process never sent the email (its output is in the test's output variable)",
    })
    .toBe(1);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  release();
  sink.hold = null;
  await sink.waitFor(1);
  expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({
    status: 'sending',
    claimedBy: 'doomed-worker',
    attempts: 1,
    sentAt: null,
  });

  const first = sink.received[0]!;
  const firstToken = tokenOf(first.parsed.text);
  expect(first.parsed.messageId).toBe(`<${row.id}.1@acme.test>`);
  expect(await describeLink(sb.deps, 'invitation', firstToken)).toMatchObject({ email: 'kai@example.com' });

  // The lease of the dead worker runs out; a worker of the restarted process sends it again.
  sb.clock.advance(300_001);
  expect(await testWorker(sb, smtpTransport(sink.url), { leaseMs: 300_000 }).runOnce()).toMatchObject({
    claimed: 1,
    sent: 1,
  });
  await sink.waitFor(2);
  const second = sink.received[1]!;
  const secondToken = tokenOf(second.parsed.text);
  expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({
    status: 'sent',
    attempts: 2,
    claimedBy: null,
  });

  // Two emails a receiver keeps apart (their own Message-IDs), each with a working link of its own.
  expect(second.parsed.messageId).toBe(`<${row.id}.2@acme.test>`);
  expect(secondToken).not.toBe(firstToken);
  expect(await describeLink(sb.deps, 'invitation', firstToken)).toMatchObject({ email: 'kai@example.com' });
  expect(await describeLink(sb.deps, 'invitation', secondToken)).toMatchObject({ email: 'kai@example.com' });
  const tokens = await sb.orm.em.fork().find(LinkToken, { invitation: invitation.id }, { orderBy: { attempt: 'asc' } });
  expect(tokens.map((t) => [t.outboxMessageId, t.attempt])).toEqual([
    [row.id, 1],
    [row.id, 2],
  ]);

  // The link delivered before the crash signs the user up; then neither link works any more.
  await expect(
    acceptInvitation(sb.deps, { token: firstToken, password: 'amber falcon crosses the tidal bridge' }),
  ).resolves.toMatchObject({ state: 'enabled' });
  expect(await describeLink(sb.deps, 'invitation', firstToken)).toBeNull();
  expect(await describeLink(sb.deps, 'invitation', secondToken)).toBeNull();
  for (const token of [firstToken, secondToken]) expect(sb.logs.join('\n')).not.toContain(token);
}, 60_000);

it('a send that timed out after the message went out keeps its link (the server may have taken it, and here it did)', async () => {
  const acc = await newAccount(sb);
  const invitation = await inviteUser(sb.deps, acc.actor, { email: 'tia@example.com' });
  let release!: () => void;
  sink.hold = new Promise((resolve) => (release = resolve));
  const before = sink.received.length;
  try {
    const worker = testWorker(sb, smtpTransport(sink.url), { sendTimeoutMs: 300, leaseMs: 600 });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
    expect(sink.dataReceived).toBeGreaterThanOrEqual(1);
  } finally {
    release();
    sink.hold = null;
  }
  // the server did take it after all: its link must work
  await sink.waitFor(before + 1);
  const late = sink.received[before]!;
  expect(late.rcptTo).toEqual(['tia@example.com']);
  expect(await describeLink(sb.deps, 'invitation', tokenOf(late.parsed.text))).toMatchObject({
    email: 'tia@example.com',
  });
  expect(await sb.orm.em.fork().count(LinkToken, { invitation: invitation.id })).toBe(1);
});
