import type { CloudAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, invokeActivity, messageActivity, startTeamsTest, type TeamsTest } from './support.js';

let t: TeamsTest;
/** The Bot Connector client and the user token client each `test/client` turn was given. */
const clients: unknown[] = [];
const tokenClients: unknown[] = [];
beforeAll(async () => {
  t = await startTeamsTest();
  t.bot.bot.router.invoke('test/fail', async () => {
    throw new Error('a route failed');
  });
  t.bot.bot.router.invoke('test/client', async (context) => {
    clients.push(context.turnState.get(context.adapter.ConnectorClientKey));
    tokenClients.push(context.turnState.get((context.adapter as CloudAdapter).UserTokenClientKey));
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {} } });
  });
});
afterAll(async () => t?.close());

describe('turns through the adapter and the router', () => {
  it('an invoke no route answers is 501, as CloudAdapter answers an invoke without a response', async () => {
    t.connector.reset();
    const response = await t.bot.post(invokeActivity({ connector: t.connector, from: t.admin }, 'test/none', {}));
    expect(response.status).toBe(501);
    expect(t.connector.posted()).toEqual([]);
  });

  it('a failing route is logged and answered without its error text', async () => {
    const logged = t.sb.logs.length;
    const response = await t.bot.post(invokeActivity({ connector: t.connector, from: t.admin }, 'test/fail', {}));
    expect(response).toEqual({
      status: 200,
      body: { task: { type: 'message', value: 'Something went wrong; it has been logged.' } },
    });
    expect(t.sb.logs.slice(logged).join('')).toMatch(
      /teams: a turn failed.*a route failed|a route failed.*a turn failed/,
    );
  });

  it('a failing message turn is answered in the conversation', async () => {
    t.connector.reset();
    // A mention entity without who is mentioned: removing the bot's mention fails the turn.
    const message = messageActivity({ connector: t.connector, from: t.admin }, 'help', [
      { type: 'mention', text: '<at>Someone</at>' },
    ]);
    expect((await t.bot.post(message)).status).toBe(200);
    expect(t.connector.posted().map((a) => a.text)).toEqual(['Something went wrong; it has been logged.']);
  });

  it('turns share one user token client, and one Bot Connector client per service URL', async () => {
    clients.length = 0;
    tokenClients.length = 0;
    const turn = () => invokeActivity({ connector: t.connector, from: t.admin }, 'test/client', {});
    for (const activity of [turn(), turn(), { ...turn(), serviceUrl: 'http://localhost:9/' }])
      expect((await t.bot.post(activity)).status).toBe(200);
    expect(clients).toHaveLength(3);
    expect(clients[0]).toBeDefined();
    expect(clients[1]).toBe(clients[0]);
    expect(clients[2]).not.toBe(clients[0]);
    // One bot: one user token client for all three.
    expect(tokenClients[0]).toBeDefined();
    expect(new Set(tokenClients).size).toBe(1);
  });

  it('the bot added to a conversation says how to use it; someone else added, nothing is said', async () => {
    t.connector.reset();
    const update = (member: { id: string; name: string }) => ({
      ...messageActivity({ connector: t.connector, from: t.admin }, ''),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [member],
    });
    expect((await t.bot.post(update({ id: '29:someone', name: 'Someone' }))).status).toBe(200);
    expect(t.connector.posted()).toEqual([]);
    expect((await t.bot.post(update(BOT))).status).toBe(200);
    expect(JSON.stringify(t.connector.posted())).toContain('Switchboard is here');
  });
});
