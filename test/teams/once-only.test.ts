import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { DeliveryClaim } from '../../src/domain/entities/delivery-claim.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import { diesAfterEachChange } from '../support/process-dies.js';
import { addActor, type TestSwitchboard } from '../support/switchboard.js';
import {
  cardText,
  executeActivity,
  lastPostedCard,
  messageActivity,
  startTeamsTest,
  startTestBot,
  submitAction,
  type TeamsTest,
  type TestBot,
} from './support.js';

const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

/**
 * Two bots on one database, as two replicas (or a bot and the same bot after a restart): on
 * PostgreSQL each with its own connection pool; in-memory SQLite can only be shared.
 */
let t: TeamsTest;
let replica: TestBot;
let replicaOrm: MikroORM;
beforeAll(async () => {
  t = await startTeamsTest();
  replicaOrm = onPostgres ? await openDatabase(t.sb.database, { migrate: false }) : t.sb.orm;
  const replicaSb: TestSwitchboard = { ...t.sb, orm: replicaOrm, deps: { ...t.sb.deps, orm: replicaOrm } };
  replica = await startTestBot(replicaSb);
});
afterAll(async () => {
  await replica?.close();
  if (replicaOrm && replicaOrm !== t.sb.orm) await replicaOrm.close(true);
  await t?.close();
});

const em = () => t.sb.orm.em.fork();
const where = (replyToId: string) => ({ connector: t.connector, from: t.admin, replyToId });

/** `user reset-password` with no user: the form card, and the id of its message. */
async function openResetForm(): Promise<{ card: Record<string, any>; messageId: string }> {
  expect(
    (await t.bot.post(messageActivity({ connector: t.connector, from: t.admin }, 'user reset-password'))).status,
  ).toBe(200);
  const posted = t.connector.calls.filter((c) => c.method === 'POST').length;
  return { card: lastPostedCard(t.connector) as Record<string, any>, messageId: `posted-${posted}` };
}

const emailsTo = (email: string) => em().count(OutboxMessage, { recipient: email, accountId: t.acc.account.id });
const resets = () =>
  em().count(AuditEvent, { accountId: t.acc.account.id, action: 'user.reset-password', outcome: 'success' });

describe('form cards are carried out once across bots', () => {
  it(
    'a card submitted at one bot and again at another (a second click, a retry at a replica) sends one email; ' +
      'the replica answers with the confirmation',
    async () => {
      await addActor(t.sb, t.acc, { userId: 'rex', email: 'rex@example.com' }, 'regular');
      const { card, messageId } = await openResetForm();
      const submit = (bot: TestBot) =>
        bot.post(executeActivity(where(messageId), submitAction(card), { users: 'rex' }));
      const first = await submit(t.bot);
      expect(cardText(first.body)).toContain('Sent a password reset link to rex (rex@example.com).');
      const again = await submit(replica);
      expect(again.status).toBe(200);
      expect(cardText(again.body)).toContain('Sent a password reset link to rex (rex@example.com).');
      expect(await emailsTo('rex@example.com')).toBe(1);
      expect(await resets()).toBe(1);

      // A bot started afterwards (a restart) knows it too: the card's refresh shows the confirmation, not the form.
      const restarted = await startTestBot(t.sb);
      try {
        const state = submitAction(card).data.sb;
        const open = { type: 'Action.Execute', verb: VERBS.formOpen, data: { sb: state } };
        const refreshed = await restarted.post(executeActivity(where(messageId), open, {}, 'automatic'));
        expect(cardText(refreshed.body)).toContain('Sent a password reset link to rex (rex@example.com).');
        expect(JSON.stringify(refreshed.body)).not.toContain('Input.ChoiceSet');
      } finally {
        await restarted.close();
      }
      const cardId = submitAction(card).data.sb.cardId as string;
      const kept = await em().findOneOrFail(DeliveryClaim, { platform: 'teams', deliveryKey: `form-card:${cardId}` });
      expect(kept.state).toBe('done');
    },
  );

  it('the same card submitted at two bots at the same moment sends one email', async () => {
    await addActor(t.sb, t.acc, { userId: 'ria', email: 'ria@example.com' }, 'regular');
    const { card, messageId } = await openResetForm();
    const activity = executeActivity(where(messageId), submitAction(card), { users: 'ria' });
    const answers = await Promise.all([
      t.bot.post(activity),
      replica.post(activity),
      t.bot.post(activity),
      replica.post(activity),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const confirmed = answers.filter((a) => cardText(a.body).includes('Sent a password reset link to ria'));
    expect(confirmed.length).toBeGreaterThanOrEqual(1);
    for (const other of answers.filter((a) => !confirmed.includes(a))) {
      expect(other.body.value).toBe('This form is being submitted already.');
    }
    expect(await emailsTo('ria@example.com')).toBe(1);
    expect(await resets()).toBe(2);
  });

  it('a card whose change was made is never carried out again, even if the bot dies before it stores the confirmation', async () => {
    await addActor(t.sb, t.acc, { userId: 'ron', email: 'ron@example.com' }, 'regular');
    const { card, messageId } = await openResetForm();
    const activity = executeActivity(where(messageId), submitAction(card), { users: 'ron' });
    const died = diesAfterEachChange();
    try {
      await t.bot.post(activity);
    } finally {
      died.mockRestore();
    }
    const cardId = submitAction(card).data.sb.cardId as string;
    const claim = await em().findOneOrFail(DeliveryClaim, { platform: 'teams', deliveryKey: `form-card:${cardId}` });
    expect(claim.state).toBe('done');
    const again = await replica.post(activity);
    expect(again.body.value).toBe('This form is being submitted already.');
    expect(await emailsTo('ron@example.com')).toBe(1);
  });
});
