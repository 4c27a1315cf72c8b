import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryLedger } from '../../src/chat/delivery-ledger.js';
import { openDatabase } from '../../src/db/orm.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { diesAfterEachChange } from '../support/process-dies.js';
import { addActor, type TestSwitchboard } from '../support/switchboard.js';
import { SlackHarness, type SlackPerson } from './support/harness.js';
import { FORM, sendSigned, slashCommandBody } from './support/slack-requests.js';

const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

let h: SlackHarness;
/** Another process's connection pool on the same database (PostgreSQL); in-memory SQLite can only be shared. */
let replicaOrm: MikroORM;
beforeAll(async () => {
  h = await SlackHarness.start();
  replicaOrm = onPostgres ? await openDatabase(h.sb.database, { migrate: false }) : h.sb.orm;
});
afterAll(async () => {
  if (replicaOrm && replicaOrm !== h.sb.orm) await replicaOrm.close(true);
  await h?.close();
});

const em = () => h.sb.orm.em.fork();

/** A second Switchboard on the same database: a replica, or this one after a restart. */
async function anotherInstance(people: SlackPerson[]): Promise<SlackHarness> {
  const sb: TestSwitchboard = {
    ...h.sb,
    orm: replicaOrm,
    deps: { ...h.sb.deps, orm: replicaOrm, settings: { ...h.sb.deps.settings } },
  };
  const other = await SlackHarness.start({ sb });
  for (const p of people) other.fake.users.set(p.id, h.fake.users.get(p.id)!);
  return other;
}

/** An Administrator on Slack and a regular user, rex, to send reset links to. */
async function team() {
  const admin = await h.admin();
  const rexEmail = `rex-${admin.userId}@example.com`;
  await addActor(h.sb, admin.acc, { userId: `rex-${admin.userId}`, email: rexEmail }, 'regular');
  const emails = () => em().count(OutboxMessage, { recipient: rexEmail });
  const audits = () => em().count(AuditEvent, { accountId: admin.acc.account.id, action: 'user.reset-password' });
  return { ...admin, rex: `rex-${admin.userId}`, emails, audits };
}

/** The exact request Slack sent (same body, timestamp and signature), to send again. */
function recorded(person: SlackPerson, text: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  const responseUrl = h.fake.responseUrl();
  const triggerId = `${timestamp}.${Math.random().toString(36).slice(2)}.trigger`;
  const fields = { team_id: person.team, user_id: person.id, channel_id: 'C0OPS', text, trigger_id: triggerId };
  const body = slashCommandBody({ ...fields, response_url: responseUrl.url });
  return {
    send: (url: string, retryNum?: number) => sendSigned(url, body, FORM, { timestamp, retryNum }),
    responseId: responseUrl.id,
  };
}

describe('a Slack delivery is carried out once, across restarts and replicas', () => {
  it('a signed command replayed after a restart (a new instance, same database) is not run again: one email, one audit row', async () => {
    const t = await team();
    const request = recorded(t.person, `user reset-password ${t.rex}`);
    expect((await request.send(h.url)).status).toBe(200);
    await h.settle();
    expect(await t.emails()).toBe(1);
    expect(await t.audits()).toBe(1);

    const restarted = await anotherInstance([t.person]);
    try {
      const replay = await request.send(restarted.url);
      expect(replay).toMatchObject({ status: 200, body: null });
      await restarted.settle();
      expect(await t.emails()).toBe(1);
      expect(await t.audits()).toBe(1);
      expect(restarted.fake.calls, 'not even looked up').toEqual([]);
    } finally {
      await restarted.close(false);
    }
    expect(h.fake.responsesTo(request.responseId), 'answered once').toHaveLength(1);
  });

  it('two instances on one database given the same delivery at the same moment run it once', async () => {
    const t = await team();
    const replica = await anotherInstance([t.person]);
    try {
      const request = recorded(t.person, `user reset-password ${t.rex}`);
      const sends = [
        request.send(h.url),
        request.send(replica.url, 1),
        request.send(h.url, 2),
        request.send(replica.url, 3),
      ];
      const answers = await Promise.all(sends);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      await Promise.all([h.settle(), replica.settle()]);
    } finally {
      await replica.close(false);
    }
    expect(await t.emails()).toBe(1);
    expect(await t.audits()).toBe(1);
  });

  it('a form submitted at one instance and again at another (a double click that reached a replica) sends one link', async () => {
    const t = await team();
    await h.command(t.person, 'help');
    await h.settle();
    const opened = await h.openForm(t.person, 'user reset-password');
    const replica = await anotherInstance([t.person]);
    try {
      expect((await h.submit(t.person, opened, { users: [t.rex] })).body).toBeNull();
      const second = await replica.submit(t.person, opened, { users: [t.rex] });
      expect(second).toMatchObject({ status: 200, body: null });
      await Promise.all([h.settle(), replica.settle()]);
      expect(replica.fake.calls.filter((c) => c.method !== 'users.info')).toEqual([]);
    } finally {
      await replica.close(false);
    }
    expect(await t.emails()).toBe(1);
    expect(await t.audits()).toBe(1);
  });

  it('a form whose change was made is never carried out again, even if the process dies before anything else is written', async () => {
    const t = await team();
    await h.command(t.person, 'help');
    await h.settle();
    const opened = await h.openForm(t.person, 'user reset-password');
    const died = diesAfterEachChange();
    try {
      expect((await h.submit(t.person, opened, { users: [t.rex] })).body).toBeNull();
      await h.settle();
    } finally {
      died.mockRestore();
    }
    const ledger = new DeliveryLedger(replicaOrm, h.sb.clock);
    expect(await ledger.lookup('slack', `view:${opened.id}`)).toEqual({ state: 'done', result: null });
    const replica = await anotherInstance([t.person]);
    try {
      expect(await replica.submit(t.person, opened, { users: [t.rex] })).toMatchObject({ status: 200, body: null });
      await replica.settle();
    } finally {
      await replica.close(false);
    }
    expect(await t.emails()).toBe(1);
    expect(await t.audits()).toBe(1);
  });

  it('a form with an error can be corrected and sent again: only a carried-out view is closed to repeats', async () => {
    const t = await team();
    await h.command(t.person, 'help');
    await h.settle();
    const opened = await h.openForm(t.person, 'user reset-password');
    const invalid = await h.submit(t.person, opened, { users: [] });
    expect(invalid.body).toMatchObject({ response_action: 'errors' });
    expect((await h.submit(t.person, opened, { users: [t.rex] })).body).toBeNull();
    await h.settle();
    expect(await t.emails()).toBe(1);
  });

  it('a retried event at another instance publishes the Home tab once', async () => {
    const t = await team();
    const replica = await anotherInstance([t.person]);
    try {
      await h.homeOpened(t.person, { eventId: 'EvONCE1' });
      await replica.homeOpened(t.person, { eventId: 'EvONCE1', retryNum: 1 });
      await Promise.all([h.settle(), replica.settle()]);
      expect(h.fake.callsOf('views.publish').filter((c) => c.args.user_id === t.person.id)).toHaveLength(1);
      expect(replica.fake.callsOf('views.publish')).toHaveLength(0);
    } finally {
      await replica.close(false);
    }
  });
});
