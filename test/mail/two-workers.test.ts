import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { hashToken } from '../../src/domain/tokens.js';
import { smtpTransport } from '../../src/mail/transport.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { testWorker } from './support/mail-worker.js';
import { linkIn, SmtpSink } from './support/smtp-sink.js';

/**
 * Two workers, each with its own connection pool to one database, as two Switchboard
 * processes would have: on PostgreSQL (TEST_DATABASE_URL) they race through row locks; by
 * default two SQLite connections on one database file race through conditional updates.
 */
let sb: TestSwitchboard;
let secondOrm: MikroORM;
let sink: SmtpSink;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  secondOrm = await openDatabase(sb.database, { migrate: false });
  sink = await SmtpSink.start();
});
afterAll(async () => {
  await sink?.stop();
  await secondOrm?.close(true);
  await sb?.close();
});

const COUNT = 200;

it(
  `two workers deliver ${COUNT} queued emails with no duplicate and none lost (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite file'})`,
  { timeout: 120_000 },
  async () => {
    expect(sb.database.driver === 'sqlite' ? sb.database.path : 'server').not.toBe(':memory:');
    const acc = await newAccount(sb);
    for (let i = 0; i < COUNT; i++) await inviteUser(sb.deps, acc.actor, { email: `queued${i}@example.com` });
    const queued = await sb.orm.em.fork().find(OutboxMessage, { accountId: acc.account.id, kind: 'invitation' });
    expect(queued).toHaveLength(COUNT);

    const options = { pollIntervalMs: 5, batchSize: 8 };
    const one = testWorker(sb, smtpTransport(sink.url), { ...options, workerId: 'worker-one' });
    const two = testWorker({ ...sb, deps: { ...sb.deps, orm: secondOrm } }, smtpTransport(sink.url), {
      ...options,
      workerId: 'worker-two',
    });
    one.start();
    two.start();
    await sink.waitFor(COUNT, 90_000);
    // let both keep polling for a while: a late duplicate would show up here
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all([one.stop(), two.stop()]);

    expect(sink.received).toHaveLength(COUNT);
    const messageIds = sink.received.map((m) => m.parsed.messageId);
    expect(new Set(messageIds).size).toBe(COUNT);
    expect(new Set(messageIds)).toEqual(new Set(queued.map((row) => `<${row.id}.1@acme.test>`)));
    expect(new Set(sink.received.flatMap((m) => m.rcptTo)).size).toBe(COUNT);

    const rows = await sb.orm.em.fork().find(OutboxMessage, { accountId: acc.account.id });
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1 && row.claimedBy === null)).toBe(true);

    // each invitation has one token, that of the one email it got: no second worker minted another
    const tokens = await sb.orm.em
      .fork()
      .find(LinkToken, { invitation: { account: acc.account.id } }, { populate: ['invitation'] });
    expect(tokens).toHaveLength(COUNT);
    const tokenHashOf = new Map(tokens.map((row) => [row.invitation!.email, row.tokenHash]));
    for (const mail of sink.received) {
      const token = linkIn(mail.parsed.text, 'signup').split('/').pop()!;
      expect(tokenHashOf.get(mail.rcptTo[0]!)).toBe(hashToken(token));
    }

    // both workers took part
    const sentBy = (workerId: string) =>
      sb.logs.filter((line) => line.includes('"status":"sent"') && line.includes(`"worker":"${workerId}"`)).length;
    expect(sentBy('worker-one') + sentBy('worker-two')).toBe(COUNT);
    expect(sentBy('worker-one')).toBeGreaterThan(0);
    expect(sentBy('worker-two')).toBeGreaterThan(0);
  },
);
