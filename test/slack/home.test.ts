import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { addActor } from '../support/switchboard.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

/** The Home views published for a Slack user, newest last. */
const published = (userId: string) =>
  h.fake
    .callsOf('views.publish')
    .filter((c) => c.args.user_id === userId)
    .map((c) => c.args.view as any);

describe('the Home tab', () => {
  it('an admin sees the counts of enabled, disabled and unconfirmed users and pending invitations, and buttons to the common forms', async () => {
    const { person, acc } = await h.admin();
    await addActor(h.sb, acc, { userId: 'dora', email: 'dora@example.com', state: 'disabled' }, 'regular');
    await addActor(h.sb, acc, { userId: 'ursula', email: 'ursula@example.com', state: 'unconfirmed' }, 'regular');
    await inviteUser(h.sb.deps, acc.actor, { email: 'pat@example.com' });
    await inviteUser(h.sb.deps, acc.actor, { email: 'kim@example.com' });
    const exchange = h.exchanges.length;
    const answer = await h.homeOpened(person);
    expect(answer).toMatchObject({ status: 200 });
    expect(
      h.callsBeforeAck(h.exchanges[exchange]!),
      'the event is acknowledged before users.info and views.publish',
    ).toEqual([]);
    await h.settle();
    const [view] = published(person.id);
    expect(view.type).toBe('home');
    const counts = view.blocks.find((b: any) => b.fields).fields.map((f: any) => f.text);
    // Enabled: admin1 and the Slack admin; unconfirmed: ursula and the two invitees.
    expect(counts).toEqual(['*Enabled*\n2', '*Disabled*\n1', '*Unconfirmed*\n3', '*Pending invitations*\n2']);
    const buttons = view.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((b: any) => b.value)).toEqual(
      expect.arrayContaining(['user add', 'invite', 'user reset-password']),
    );
    expect(new Set(buttons.map((b: any) => b.action_id)).size).toBe(buttons.length);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it("its buttons open the forms (views.open with the click's trigger_id)", async () => {
    const { person } = await h.admin();
    await h.homeOpened(person);
    await h.settle();
    const buttons = published(person.id)[0]
      .blocks.filter((b: any) => b.type === 'actions')
      .flatMap((b: any) => b.elements);
    for (const [value, title] of [
      ['user add', 'Add portal user'],
      ['invite', 'Invite a user'],
      ['user reset-password', 'Reset passwords'],
    ]) {
      const button = buttons.find((b: any) => b.value === value);
      const click = await h.click(person, button, { home: true });
      expect(click).toMatchObject({ status: 200, body: null });
      await h.settle();
      const open = h.fake.callsOf('views.open').at(-1)!;
      expect(open.args.trigger_id).toBe(click.triggerId);
      expect((open.args.view as any).title.text).toBe(title);
    }
  });

  it('a non-admin sees a short note; a stranger is told they are not a portal user', async () => {
    const { person: regular } = await h.admin('regular');
    await h.homeOpened(regular);
    const stranger = h.person('nobody@elsewhere.example');
    await h.homeOpened(stranger);
    await h.settle();
    const note = JSON.stringify(published(regular.id)[0]);
    expect(note).toMatch(/portal Administrators/);
    expect(note).not.toMatch(/Enabled/);
    expect(JSON.stringify(published(stranger.id)[0])).toMatch(/not an enabled portal user/);
  });

  it('a retried event is not published twice; another tab is ignored', async () => {
    const { person } = await h.admin();
    await h.homeOpened(person, { eventId: 'EvRETRY1' });
    await h.homeOpened(person, { eventId: 'EvRETRY1', retryNum: 1 });
    await h.homeOpened(person, { tab: 'messages' });
    await h.settle();
    expect(published(person.id)).toHaveLength(1);
  });
});
