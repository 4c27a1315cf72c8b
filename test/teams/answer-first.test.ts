import { afterEach, expect, it } from 'vitest';
import { answersNothing } from '../../src/teams/after-ack.js';
import { cardText, executeActivity, messageActivity, startTeamsTest, type TeamsTest } from './support.js';

let t: TeamsTest | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The Bot Connector answers posts only once `release()` is called, as a slow service would. */
function holdPosts(test: TeamsTest): () => void {
  let release!: () => void;
  test.connector.postsWaitFor = new Promise<void>((resolve) => (release = resolve));
  return () => {
    test.connector.postsWaitFor = null;
    release();
  };
}

/** POSTs an activity straight to the bot: unlike `bot.post`, it does not wait for the turn to end. */
const send = (test: TeamsTest, activity: Record<string, unknown>) =>
  fetch(test.bot.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });

const NOT_YET = Symbol('not answered yet');
/** The response, or NOT_YET if it has not come within `ms`. */
const within = <T>(response: Promise<T>, ms: number) =>
  Promise.race([response, new Promise<typeof NOT_YET>((resolve) => setTimeout(() => resolve(NOT_YET), ms))]);

const replies = (test: TeamsTest) => test.connector.posted().map((a) => cardText(a));

it('answers a message as its turn begins: the 200 does not wait for the reply posted to the Bot Connector', async () => {
  t = await startTeamsTest();
  const release = holdPosts(t);
  const answer = await within(send(t, messageActivity({ connector: t.connector, from: t.admin }, 'help')), 5_000);
  expect(answer === NOT_YET ? 'no answer within 5 s' : answer.status).toBe(200);
  // The turn is still running: its reply waits for the Bot Connector.
  const ended = t.bot.bot.afterAck.idle();
  expect(await within(ended, 200)).toBe(NOT_YET);
  release();
  await ended;
  expect(replies(t)).toHaveLength(1);
  expect(replies(t)[0]).toContain('user add');
});

it('answers an invoke when its turn ends, with the turn’s answer as the body', async () => {
  t = await startTeamsTest();
  const release = holdPosts(t);
  const invoke = send(
    t,
    executeActivity(
      { connector: t.connector, from: t.admin },
      { verb: 'sb.command', data: { sb: { command: 'help' } } },
    ),
  );
  const answer = await within(invoke, 5_000);
  release();
  expect(answer === NOT_YET ? 'no answer within 5 s' : answer.status).toBe(200);
  const body = answer === NOT_YET ? null : ((await answer.json()) as Record<string, any>);
  expect(cardText(body?.value)).toContain('user add');
});

it('with every place taken, a message is answered when its turn ends: a fast sender is slowed down', async () => {
  t = await startTeamsTest({ turnsAfterAck: 1 });
  const release = holdPosts(t);
  const from = { connector: t.connector, from: t.admin };
  const first = await within(send(t, messageActivity(from, 'help')), 5_000);
  expect(first === NOT_YET ? 'no answer within 5 s' : first.status).toBe(200);
  expect(t.bot.bot.afterAck.hasRoom()).toBe(false);
  const second = send(t, messageActivity(from, 'help'));
  expect(await within(second, 300), 'answered before its turn ended').toBe(NOT_YET);
  release();
  expect((await second).status).toBe(200);
  await t.bot.bot.afterAck.idle();
  expect(replies(t)).toHaveLength(2);
});

it('stopping waits for the turns answered as they began', async () => {
  t = await startTeamsTest();
  const release = holdPosts(t);
  const answer = await within(send(t, messageActivity({ connector: t.connector, from: t.admin }, 'help')), 5_000);
  expect(answer === NOT_YET ? 'no answer within 5 s' : answer.status).toBe(200);
  const stopped = t.bot.bot.stop();
  expect(await within(stopped, 300), 'stopped with a turn still running').toBe(NOT_YET);
  release();
  await stopped;
  expect(replies(t)).toHaveLength(1);
});

it('answers first only activities whose answer carries nothing', () => {
  expect(answersNothing({ type: 'message' })).toBe(true);
  expect(answersNothing({ type: 'conversationUpdate' })).toBe(true);
  expect(answersNothing({ type: 'installationUpdate' })).toBe(true);
  expect(answersNothing({ type: 'invoke', name: 'adaptiveCard/action' })).toBe(false);
  expect(answersNothing({ type: 'message', deliveryMode: 'expectReplies' })).toBe(false);
});
