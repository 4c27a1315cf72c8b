import { afterAll, beforeAll, expect, it } from 'vitest';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { hashToken } from '../../src/domain/tokens.js';
import { smtpTransport } from '../../src/mail/transport.js';
import { inviteUser, listInvitations } from '../../src/services/invitations/invitations.js';
import { describeLink } from '../../src/services/links/tokens.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { drain, outboxRow, testWorker } from './support/mail-worker.js';
import { linkIn, SmtpSink } from './support/smtp-sink.js';

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

it('with the SMTP server down, an invitation is still created, and its email is delivered exactly once after the server comes back', async () => {
  await sink.stop();
  const acc = await newAccount(sb);
  const worker = testWorker(sb, smtpTransport(sink.url));

  const invitation = await inviteUser(sb.deps, acc.actor, {
    email: 'nina@example.com',
    firstName: 'Nina',
    lastName: 'Outage',
  });
  expect(invitation).toMatchObject({ status: 'pending', email: 'nina@example.com' });

  // two attempts while the server is down: nothing lost, the error recorded, backing off
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
  sb.clock.advance(60_000);
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
  const waiting = await outboxRow(sb, { subjectId: invitation.id });
  expect(waiting).toMatchObject({ status: 'pending', attempts: 2, lastError: expect.stringMatching(/ECONNREFUSED/) });
  expect(waiting.nextAttemptAt.getTime()).toBe(sb.clock.now().getTime() + 120_000);
  const listed = await listInvitations(sb.deps, acc.actor, {});
  expect(listed.items.find((i) => i.id === invitation.id)).toMatchObject({ status: 'pending', emailStatus: 'pending' });

  // the server is back on the same port; the next attempt is due only after the backoff
  await sink.listen();
  expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
  expect(sink.received).toHaveLength(0);
  sb.clock.advance(120_000);
  expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
  await sink.waitFor(1);

  // and nothing more, however long the worker keeps going
  sb.clock.advance(86_400_000);
  expect(await drain(worker)).toMatchObject({ claimed: 0 });
  worker.start();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await worker.stop();
  expect(sink.received).toHaveLength(1);

  const [mail] = sink.received;
  expect(mail!.rcptTo).toEqual(['nina@example.com']);
  expect(await outboxRow(sb, { subjectId: invitation.id })).toMatchObject({
    status: 'sent',
    attempts: 3,
    lastError: null,
  });
  const token = linkIn(mail!.parsed.text, 'signup').split('/').pop()!;
  // the tokens minted for the attempts that never connected were forgotten: only the delivered one is kept
  const tokens = await sb.orm.em.fork().find(LinkToken, { invitation: invitation.id });
  expect(tokens.map((row) => [row.tokenHash, row.attempt])).toEqual([[hashToken(token), 3]]);
  expect(mail!.parsed.messageId).toBe(`<${(await outboxRow(sb, { subjectId: invitation.id })).id}.3@acme.test>`);
  expect(await describeLink(sb.deps, 'invitation', token)).toMatchObject({ email: 'nina@example.com' });
});
