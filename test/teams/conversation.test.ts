import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands, formHandler } from '../../commands/index.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { adaptiveCardProblems } from './card-problems.js';
import { disableUser } from '../../src/services/users/state.js';
import { addActor } from '../support/switchboard.js';
import { addVoiceUser } from '../voice/support.js';
import {
  cardText,
  elements,
  inputsOf,
  lastPostedCard,
  messageActivity,
  startTeamsTest,
  type Member,
  type TeamsTest,
} from './support.js';

let t: TeamsTest;
let voiceNumber: string;
beforeAll(async () => {
  t = await startTeamsTest();
  voiceNumber = (await addVoiceUser(t.sb, t.acc, { name: 'Vera Voice' })).phoneNumber!;
});
afterAll(async () => t?.close());

const say = async (
  text: string,
  from: Member = t.admin,
  where: Partial<Parameters<typeof messageActivity>[0]> = {},
) => {
  const before = t.connector.posted().length;
  const response = await t.bot.post(messageActivity({ connector: t.connector, from, ...where }, text));
  expect(response.status).toBe(200);
  return t.connector.posted().length > before ? lastPostedCard(t.connector) : undefined;
};

/** A line that runs the command: its `<user>` is admin1 (a voice user for voice commands), its `<email>` a new address. */
function sampleLine(words: string[], usage: string): string {
  const user = words[0] === 'voice' ? voiceNumber : 'admin1';
  const args = usage.replace(/\[[^\]]*\]/g, '').match(/<[\w-]+>/g) ?? [];
  return [...words, ...args.map((a) => (a === '<email>' ? 'new.person@example.com' : user))].join(' ');
}

describe('commands sent as messages', () => {
  it('every command of commands/ answers with an Adaptive Card 1.5: its reply, or its form with every field', async () => {
    for (const command of allCommands()) {
      const line = sampleLine(command.words, command.usage);
      const card = await say(line);
      expect(card, line).toBeDefined();
      expect(adaptiveCardProblems(card), line).toEqual([]);
      const inputs = inputsOf(card);
      if (inputs.length > 0) {
        const formId = elements(card).find((e) => e.data?.sb?.formId)?.data.sb.formId as string;
        expect(
          inputs.map((i) => i.id),
          line,
        ).toEqual(formHandler(formId)!.form.fields.map((f) => f.id));
      }
    }
  });

  it('help lists every command; users is a table; user show is a fact set; errors are cards too', async () => {
    const help = cardText(await say('help'));
    for (const command of allCommands()) expect(help).toContain(command.words.join(' '));
    const users = elements(await say('users'));
    const table = users.find((e) => e.type === 'Table')!;
    // Name, State, Role and a Details button that runs user show (the other columns are in user show).
    expect(JSON.stringify(table.rows[0])).toContain('Role');
    expect(JSON.stringify(table.rows.slice(1))).toContain('"command":"user show admin1"');
    const show = elements(await say('user show admin1@example.com')).find((e) => e.type === 'FactSet')!;
    expect(show.facts).toContainEqual({ title: 'Email', value: 'admin1@example.com' });
    expect(cardText(await say('frobnicate'))).toContain('Unknown command \\"frobnicate\\". Type help for the list.');
    expect(cardText(await say('/portal user show admin1'))).toContain('admin1@example.com');
  });

  it('a stranger is told so and nothing happens', async () => {
    await addActor(t.sb, t.acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    const stranger = t.connector.addMember({
      id: '29:stranger',
      aadObjectId: 'aad-stranger',
      name: 'Stan',
      email: 'stan@elsewhere.example',
    });
    const card = await say('user disable quinn', stranger);
    expect(cardText(card)).toContain('You are not an enabled portal user');
    const unknown = { id: '29:ghost', aadObjectId: 'aad-ghost', name: 'Ghost' }; // not even a member Teams knows
    expect(cardText(await say('user delete quinn', unknown))).toContain('You are not an enabled portal user');
    expect((await t.sb.orm.em.fork().findOneOrFail(PortalUser, { userIdKey: 'quinn' })).state).toBe('enabled');
  });

  it('looks the member up once, then remembers who they are', async () => {
    const member = t.connector.addMember({
      id: '29:rita',
      aadObjectId: 'aad-rita',
      name: 'Rita',
      email: 'rita@example.com',
    });
    await addActor(t.sb, t.acc, { userId: 'rita', email: 'rita@example.com' });
    t.connector.reset();
    await say('help', member);
    await say('users', member);
    await say('user show rita', member);
    expect(t.connector.memberLookups()).toBe(1);
    // The cache only saves the lookup: the services still refuse someone disabled meanwhile.
    await disableUser(t.sb.deps, t.acc.actor, { user: 'rita' });
    expect(cardText(await say('users', member))).toContain('not an enabled portal user');
    expect(cardText(await say('user disable admin1', member))).toContain('not an enabled portal user');
  });

  it('in a channel: only a message that @mentions the bot is a command; other mentions are users', async () => {
    await addActor(t.sb, t.acc, { userId: 'sam', email: 'sam@example.com' });
    const sam = t.connector.addMember({
      id: '29:sam',
      aadObjectId: 'aad-sam',
      name: 'Sam Smith',
      email: 'sam@example.com',
    });
    const channel = { conversationType: 'channel' as const, conversationId: '19:channel-1;messageid=1' };
    const unmentioned = {
      ...messageActivity({ connector: t.connector, from: t.admin, ...channel }, 'users'),
      text: 'users',
      entities: [],
    };
    const before = t.connector.posted().length;
    expect((await t.bot.post(unmentioned)).status).toBe(200);
    expect(t.connector.posted().length).toBe(before);

    const mention = { type: 'mention', text: '<at>Sam Smith</at>', mentioned: { id: sam.id, name: sam.name } };
    const response = await t.bot.post(
      messageActivity({ connector: t.connector, from: t.admin, ...channel }, 'user show <at>Sam Smith</at>', [mention]),
    );
    expect(response.status).toBe(200);
    const facts = elements(lastPostedCard(t.connector)).find((e) => e.type === 'FactSet')!;
    expect(facts.facts).toContainEqual({ title: 'User ID', value: 'sam' });
  });
});
