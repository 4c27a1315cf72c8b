import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { linkChatIdentity } from '../../src/services/identities.js';
import { addActor } from '../support/switchboard.js';
import { SlackHarness, TEAM, type SlackPerson } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

const em = () => h.sb.orm.em.fork();
/** The Slack users users.info was asked about since `from`, in order. */
const infoAsked = (from: number) =>
  h.fake
    .callsOf('users.info')
    .slice(from)
    .map((c) => String(c.args.user));
/** Everything the requester was told: the acknowledgement and any response_url post. */
const told = (answer: { body: unknown; responseId: string }) =>
  JSON.stringify([answer.body, ...h.fake.responsesTo(answer.responseId).map((r) => r.body)]);

/** An account whose Administrator is on Slack (not yet looked up), with `others` portal users each on Slack too. */
async function team(...others: string[]) {
  const admin = await h.admin();
  const people: Record<string, SlackPerson> = {};
  for (const userId of others) {
    const email = `${userId}-${admin.userId}@example.com`;
    await addActor(h.sb, admin.acc, { userId, email }, 'regular');
    people[userId] = h.person(email);
  }
  return { ...admin, people };
}

describe('mentions in a slash command', () => {
  it('more mentions than a command may name are refused in the acknowledgement, before anyone is looked up', async () => {
    const { person, acc } = await team();
    const mentions = Array.from({ length: 300 }, (_v, i) => `<@U${String(i).padStart(8, '0')}|p${i}>`).join(' ');
    const asked = h.fake.callsOf('users.info').length;
    const answer = await h.command(person, `user reset-password ${mentions}`);
    expect(answer.status).toBe(200);
    const refusal = expect.stringContaining('at most 100 people; this one mentions 300');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: refusal });
    await h.settle();
    expect(infoAsked(asked), 'no users.info at all').toEqual([]);
    expect(await em().count(OutboxMessage, { accountId: acc.account.id })).toBe(0);
    expect(await em().count(AuditEvent, { accountId: acc.account.id })).toBe(0);
  });

  it('a malformed command that mentions people is refused with its usage before anyone is looked up', async () => {
    const { person, people } = await team('ann', 'ben');
    const asked = h.fake.callsOf('users.info').length;
    const answer = await h.command(person, `user show <@${people.ann!.id}|ann> <@${people.ben!.id}|ben>`);
    expect(answer.body).toMatchObject({
      text: expect.stringMatching(/Give one user.*Usage: \/portal user show <user>/),
    });
    const unclosed = await h.command(person, `user show "<@${people.ann!.id}|ann>`);
    expect(unclosed.body).toMatchObject({ text: expect.stringContaining('Unclosed " quote') });
    await h.settle();
    expect(infoAsked(asked)).toEqual([]);
  });

  it(
    'each person is looked up once however often they are mentioned, the typist from the cache; ' +
      'the next command asks Slack nothing',
    async () => {
      const { person, acc, people } = await team('ann', 'ben');
      const ann = people.ann!;
      const ben = people.ben!;
      const line = `user reset-password <@${ann.id}|ann> <@${ann.id}> <@${ben.id}|ben> <@${ann.id}|annie> <@${person.id}|me> <@${ben.id}>`;
      const asked = h.fake.callsOf('users.info').length;
      const first = await h.command(person, line);
      await h.settle();
      expect(infoAsked(asked).sort()).toEqual([person.id, ann.id, ben.id].sort());
      expect(told(first)).toMatch(/Sent a password reset link to .*ann.*ben.*sl-/);
      expect(await em().count(OutboxMessage, { accountId: acc.account.id })).toBe(3);

      const again = await h.command(person, line);
      expect(again.body, 'answered in the acknowledgement').toMatchObject({
        text: expect.stringContaining('Sent a password reset link'),
      });
      await h.settle();
      expect(infoAsked(asked)).toHaveLength(3);
    },
  );

  it(
    'a mention of someone Slack does not know, or who is not a portal user, is named as the typist saw it; ' +
      'nothing happens and nothing fails',
    async () => {
      const { person, acc, people } = await team('ann');
      const outsider = h.person('outsider@elsewhere.example');
      const bot = h.person('ann-bot@example.com', { is_bot: true });
      const errorsBefore = h.sb.logs.filter((l) => /"level":50/.test(l)).length;
      const cases: [line: string, expected: RegExp][] = [
        [
          `user reset-password <@${people.ann!.id}|ann> <@UNOBODY42|jo>`,
          /@jo is not a portal user of .*: Slack has no verified email for them\. Name them by portal User ID or email instead/,
        ],
        [
          `user show <@${outsider.id}|kim>`,
          /@kim is not a portal user of .*: no user there has their Slack email, outsider@elsewhere/,
        ],
        [`user disable <@${bot.id}>`, new RegExp(`@${bot.id} is not a portal user of `)],
        [`user reset-password <@UNOBODY42|jo> <@${outsider.id}|kim>`, /@jo, @kim are not portal users of /],
      ];
      for (const [line, expected] of cases) {
        const answer = await h.command(person, line);
        expect(answer.status).toBe(200);
        await h.settle();
        expect(told(answer), line).toMatch(expected);
        expect(told(answer), line).not.toMatch(/Something went wrong/);
      }
      const logged = h.sb.logs.join('\n');
      expect(
        h.sb.logs.filter((l) => /"level":50/.test(l)),
        'no error logged',
      ).toHaveLength(errorsBefore);
      expect(logged).not.toMatch(/command failed|user_not_found.*stack/);
      expect(await em().count(OutboxMessage, { accountId: acc.account.id })).toBe(0);
      expect(await em().count(AuditEvent, { accountId: acc.account.id })).toBe(0);
    },
  );

  it("a person whose Slack email differs from the portal's is found through the link an operator made", async () => {
    const { person, acc } = await team('lin');
    const elsewhere = h.person('lin.personal@elsewhere.example');
    const link = {
      platform: 'slack',
      workspaceId: TEAM,
      chatUserId: elsewhere.id,
      user: 'lin',
      account: acc.account.name,
    };
    await linkChatIdentity(h.sb.deps, link);
    const answer = await h.command(person, `user show <@${elsewhere.id}|lin>`);
    await h.settle();
    expect(told(answer)).toMatch(/lin-sl-.*@example\.com/);
  });
});
