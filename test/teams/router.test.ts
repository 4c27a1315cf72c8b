import type { TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsRouter } from '../../src/teams/router.js';

/** Just enough of a turn for routing: its activity. */
const turn = (activity: Record<string, unknown>) => ({ activity }) as unknown as TurnContext;

/** A router whose routes say which of them ran. */
function tracedRouter() {
  const ran: string[] = [];
  const route = (name: string) => async () => void ran.push(name);
  const router = new TeamsRouter()
    .activity('message', route('message'))
    .activity('invoke', route('any invoke'))
    .membersAdded(route('members added'))
    .invoke('task/fetch', route('task/fetch'))
    .invoke('task/fetch', route('task/fetch again'));
  return { router, ran };
}

describe('the Teams router', () => {
  it('offers an invoke to the invoke routes first (the first that matches), then to the others', async () => {
    const { router, ran } = tracedRouter();
    expect(await router.run(turn({ type: 'invoke', name: 'task/fetch' }))).toBe(true);
    expect(await router.run(turn({ type: 'invoke', name: 'task/submit' }))).toBe(true);
    expect(ran).toEqual(['task/fetch', 'any invoke']);
  });

  it('matches activity types in any case, and conversation updates only when members were added', async () => {
    const { router, ran } = tracedRouter();
    await router.run(turn({ type: 'Message', text: 'hi' }));
    const added = await router.run(turn({ type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }));
    const removed = await router.run(turn({ type: 'conversationUpdate', membersRemoved: [{ id: 'x' }] }));
    const none = await router.run(turn({ type: 'conversationUpdate', membersAdded: [] }));
    expect([added, removed, none]).toEqual([true, false, false]);
    expect(ran).toEqual(['message', 'members added']);
  });

  it("removes the bot's own @mention from a message's text before routing, and no other", async () => {
    const seen: (string | undefined)[] = [];
    const router = new TeamsRouter().activity('message', async (c) => void seen.push(c.activity.text));
    const bot = { id: '28:bot', name: 'Bot' };
    const ann = { id: '29:ann', name: 'Ann' };
    await router.run(
      turn({
        type: 'message',
        text: '<at>Bot</at> user show <at>Ann</at>',
        recipient: bot,
        entities: [
          { type: 'mention', text: '<at>Bot</at>', mentioned: bot },
          { type: 'mention', text: '<at>Ann</at>', mentioned: ann },
        ],
      }),
    );
    expect(seen).toEqual(['user show <at>Ann</at>']);
  });

  it('leaves a turn no route matches alone, and a failing route fails the turn', async () => {
    const router = new TeamsRouter().invoke('boom', async () => {
      throw new Error('boom');
    });
    expect(await router.run(turn({ type: 'event', name: 'boom' }))).toBe(false);
    await expect(router.run(turn({ type: 'invoke', name: 'boom' }))).rejects.toThrow('boom');
  });
});
