import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { z } from 'zod/v4';
import { registryWith } from '../support/registry.js';
import { defineCommand } from '../../commands/types.js';
import { info } from '../../views/reply.js';
import { DEFAULT_TIMINGS } from '../../src/slack/state.js';
import { addActor } from '../support/switchboard.js';
import { addVoiceUser } from '../voice/support.js';
import { SlackHarness, type SlackPerson } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

/** Well inside Slack's 3 seconds, on a loaded CI machine. */
const ACK_BUDGET_MS = 1_000;

interface Answer {
  message: { response_type: string; text: string; blocks: any[] };
  inAck: boolean;
  ms: number;
  webCallsBeforeAck: string[];
}

/**
 * `/portal <line>` by `person`: the reply, from the acknowledgement or, when it came after it,
 * from the response_url. Every command is checked against the acknowledgement budget and
 * against Web API calls before the acknowledgement.
 */
async function ask(person: SlackPerson, line: string): Promise<Answer> {
  const exchangesBefore = h.exchanges.length;
  const answer = await h.command(person, line);
  expect(answer.status, line).toBe(200);
  expect(answer.ms, `${line}: acknowledged in ${answer.ms} ms`).toBeLessThan(ACK_BUDGET_MS);
  const exchange = h.exchanges[exchangesBefore]!;
  const webCallsBeforeAck = h.callsBeforeAck(exchange);
  expect(
    webCallsBeforeAck.filter((m) => m !== 'views.open'),
    `${line}: Web API calls before the acknowledgement`,
  ).toEqual([]);
  await h.settle();
  if (answer.body) return { message: answer.body, inAck: true, ms: answer.ms, webCallsBeforeAck };
  const posts = h.fake.responsesTo(answer.responseId);
  expect(posts, `${line}: one reply by response_url`).toHaveLength(1);
  return { message: posts[0]!.body as Answer['message'], inAck: false, ms: answer.ms, webCallsBeforeAck };
}

const shown = (a: Answer) => JSON.stringify(a.message.blocks);
const em = () => h.sb.orm.em.fork();

/** An admin on Slack whose identity is already cached (one command run). */
async function knownAdmin() {
  const admin = await h.admin();
  await ask(admin.person, 'help');
  return admin;
}

describe('slash commands over signed HTTP', () => {
  it('a first command is acknowledged at once and answered by response_url after users.info; the next one in the acknowledgement with no Web API call', async () => {
    const { person } = await h.admin();
    const callsBefore = h.fake.calls.length;
    const first = await ask(person, 'help');
    expect(first.inAck).toBe(false);
    expect(first.webCallsBeforeAck).toEqual([]);
    expect(h.fake.calls.slice(callsBefore).map((c) => c.method)).toEqual(['users.info']);
    expect(h.fake.calls.at(-1)!.args).toMatchObject({ user: person.id });
    expect(h.fake.calls.at(-1)!.token).toBe('xoxb-test-token');
    expect(first.message).toMatchObject({ response_type: 'ephemeral', text: 'Switchboard commands' });

    const callsThen = h.fake.calls.length;
    const second = await ask(person, 'help user add');
    expect(second.inAck).toBe(true);
    expect(h.fake.calls.length, 'no users.info: the identity is cached').toBe(callsThen);
    expect(second.message.response_type).toBe('ephemeral');
    expect(shown(second)).toContain('User ID, User Label');
  });

  it('help lists every command; unknown commands and bad arguments answer with their usage, privately', async () => {
    const { person } = await knownAdmin();
    const help = await ask(person, '');
    for (const words of ['users', 'user show', 'user add', 'invite cancel', 'audit', 'voice pin'])
      expect(shown(help)).toContain(`*${words}`);
    const unknown = await ask(person, 'frobnicate now');
    expect(unknown.message).toMatchObject({
      response_type: 'ephemeral',
      text: ':warning: Unknown command "frobnicate now". Type /portal help for the list.',
    });
    const usage = await ask(person, 'user show');
    expect(usage.message.text).toContain('Usage: /portal user show <user>');
    expect((await ask(person, 'users "unclosed')).message.text).toMatch(/Unclosed/);
  });

  it('users lists the account; user show gives one user by User ID, email or mention', async () => {
    const { person, acc } = await knownAdmin();
    await addActor(
      h.sb,
      acc,
      { userId: 'quinn', email: 'quinn@example.com', firstName: 'Quinn', lastName: 'Reyes' },
      'regular',
    );
    const list = await ask(person, 'users enabled');
    expect(list.message.text).toBe('3 enabled users');
    expect(shown(list)).toContain('*Quinn Reyes*  ·  User ID: quinn');
    expect(shown(list)).toContain('Role: Regular');
    expect((await ask(person, 'users quinn')).message.text).toBe('1 users matching \\"quinn\\"'.replace(/\\"/g, '"'));

    const byId = await ask(person, 'user show quinn');
    expect(byId.message.text).toBe('Quinn Reyes (quinn): enabled');
    expect(shown(byId)).toContain('*Email*\\nquinn@example.com');
    expect(byId.message.blocks.find((b) => b.type === 'actions').elements.map((e: any) => e.value)).toEqual([
      'user edit quinn',
      'user permissions quinn',
      'user reset-password quinn',
    ]);
    // Slack links an email it sees: <mailto:...|...>.
    expect((await ask(person, 'user show <mailto:QUINN@example.com|QUINN@example.com>')).message.text).toBe(
      'Quinn Reyes (quinn): enabled',
    );

    const quinnOnSlack = h.person('quinn@example.com');
    const callsBefore = h.fake.calls.length;
    const byMention = await ask(person, `user show <@${quinnOnSlack.id}|quinn>`);
    expect(byMention.inAck, 'a mention not yet looked up waits until after the acknowledgement').toBe(false);
    expect(byMention.message.text).toBe('Quinn Reyes (quinn): enabled');
    expect(h.fake.calls.slice(callsBefore).map((c) => c.args.user)).toEqual([quinnOnSlack.id]);
    const again = await ask(person, `user show <@${quinnOnSlack.id}>`);
    expect(again.inAck).toBe(true);
    expect(again.message.text).toBe('Quinn Reyes (quinn): enabled');
    expect((await ask(person, 'user show nobody')).message.text).toMatch(/^:warning: /);
  });

  it('invite, invites, reinvite and invite cancel change the database as they say', async () => {
    const { person, acc } = await knownAdmin();
    const invited = await ask(
      person,
      'invite <mailto:pat@example.com|pat@example.com> --role support --name “Pat Q Public”',
    );
    expect(invited.message.text).toMatch(/^:white_check_mark: Invited pat@example.com as support; the link expires /);
    expect(invited.message.blocks.find((b) => b.type === 'actions').elements[0]).toMatchObject({
      type: 'button',
      value: 'invites',
      action_id: 'run:0',
    });
    const pat = await em().findOneOrFail(PortalUser, { account: acc.account.id, emailKey: 'pat@example.com' });
    expect(pat).toMatchObject({ state: 'unconfirmed', firstName: 'Pat', lastName: 'Q Public', tickets: 'manage' });
    expect(await em().count(OutboxMessage, { kind: 'invitation', recipient: 'pat@example.com' })).toBe(1);

    const invites = await ask(person, 'invites');
    expect(invites.message.text).toBe('1 pending invitations');
    expect(shown(invites)).toContain('*pat@example.com*');

    const reinvite = await ask(person, 'reinvite pat@example.com');
    expect(reinvite.message.text).toMatch(/Sent a new invitation to pat@example.com; earlier links no longer work/);
    const invitations = await em().find(Invitation, { user: pat.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(invitations).toHaveLength(2);
    expect(invitations.filter((i) => i.revokedAt !== null)).toHaveLength(1);

    const cancel = await ask(person, 'invite cancel pat@example.com');
    expect(cancel.message.text).toBe(
      ':white_check_mark: Cancelled the invitation of pat@example.com; the link no longer works.',
    );
    expect((await em().findOneOrFail(PortalUser, { id: pat.id })).state).toBe('deleted');
    expect((await ask(person, 'invite not-an-email')).message.text).toMatch(/Email is not a valid address/);
  });

  it('user enable, disable, delete, restore and reset-password', async () => {
    const { person, acc, userId } = await knownAdmin();
    const { user: quinn } = await addActor(h.sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    await addActor(h.sb, acc, { userId: 'rory', email: 'rory@example.com' }, 'regular');
    const state = async () => (await em().findOneOrFail(PortalUser, { id: quinn.id })).state;

    expect((await ask(person, 'user disable quinn')).message.text).toBe(
      ':white_check_mark: Disabled Test User (quinn); their open links no longer work.',
    );
    expect(await state()).toBe('disabled');
    expect((await ask(person, 'user enable quinn')).message.text).toBe(':white_check_mark: Enabled Test User (quinn).');
    expect(await state()).toBe('enabled');
    expect((await ask(person, 'user delete quinn')).message.text).toMatch(
      /^:white_check_mark: Deleted Test User \(quinn\)/,
    );
    expect(await state()).toBe('deleted');
    expect((await ask(person, 'user restore quinn')).message.text).toMatch(/Restored Test User \(quinn\) as disabled/);
    expect(await state()).toBe('disabled');

    const reset = await ask(person, 'user reset-password rory admin1');
    expect(reset.message.text).toBe(
      ':white_check_mark: Sent a password reset link to rory (rory@example.com), admin1 (admin1@example.com).',
    );
    expect(await em().count(OutboxMessage, { kind: 'password-reset', recipient: 'rory@example.com' })).toBe(1);
    const self = await ask(person, `user delete ${userId}`);
    expect(self.message.text).toBe(':warning: You cannot delete yourself; ask another Administrator to do it.');
  });

  it('audit shows what was done from Slack', async () => {
    const { person, acc } = await knownAdmin();
    await addActor(h.sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    await ask(person, 'user disable quinn');
    const audit = await ask(person, 'audit quinn');
    expect(audit.message.text).toBe('1 audit events about quinn');
    expect(shown(audit)).toMatch(
      /```\\nWhen +Who +From +Action +Target +Outcome\\n2026-11-25 10:00 UTC +Sam Slack +slack +user\.disable +quinn +done\\n```/,
    );
  });

  it('the voice commands answer: voice users, voice show, voice registrations, voice groups', async () => {
    const { person, acc } = await knownAdmin();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Vic Voice', extension: '4821', phoneNumber: '+17039354821' });
    const list = await ask(person, 'voice users');
    expect(list.message.text).toBe('1 voice users');
    expect(shown(list)).toContain('Vic Voice');
    const show = await ask(person, `voice show ${voice.extension}`);
    expect(show.message.text).toBe('Vic Voice: +17039354821, Herndon HQ');
    expect(shown(show)).toMatch(/Voicemail PIN/);
    expect((await ask(person, 'voice registrations 4821')).message.text).toMatch(/^Vic Voice: (not )?registered$/);
    expect((await ask(person, 'voice groups +1 703 935 4821')).message.text).toBe('Vic Voice: 0 group memberships');
    expect((await ask(person, 'voice show 9999')).message.text).toMatch(/^:warning: /);
  });

  it("a reply's button runs its command line for whoever clicks, answered by the click's response_url", async () => {
    const { person } = await knownAdmin();
    const invited = await ask(person, 'invite kit@example.com');
    const button = invited.message.blocks.find((b) => b.type === 'actions').elements[0];
    const exchange = h.exchanges.length;
    const click = await h.click(person, button);
    expect(click).toMatchObject({ status: 200, body: null });
    expect(h.callsBeforeAck(h.exchanges[exchange]!)).toEqual([]);
    await h.settle();
    const posts = h.fake.responsesTo(click.responseId!);
    expect(posts.map((p) => (p.body as any).text)).toEqual(['1 pending invitations']);
    expect(posts[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    // A double click runs it once.
    const again = await Promise.all([
      h.click(person, { ...button, value: 'invites all' }, { messageTs: '1700000001.000200' }),
      h.click(person, { ...button, value: 'invites all' }, { messageTs: '1700000001.000200' }),
    ]);
    await h.settle();
    expect(again.flatMap((c) => h.fake.responsesTo(c.responseId!))).toHaveLength(1);
  });

  it('a command slower than the deadline is acknowledged empty at once and answered by response_url', async () => {
    const registry = registryWith({
      commands: [
        defineCommand({
          words: ['test', 'slow'],
          usage: '',
          summary: 'answers after 0.6 s',
          permission: 'anyone',
          args: z.any(),
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 600));
            return { kind: 'reply', reply: info('slow answer') };
          },
        }),
      ],
    });
    const production = await SlackHarness.start({
      sb: h.sb,
      registry,
      timings: { replyDeadlineMs: DEFAULT_TIMINGS.replyDeadlineMs },
    });
    try {
      const { person } = await h.admin();
      production.fake.users.set(person.id, h.fake.users.get(person.id)!);
      await production.command(person, 'help');
      await production.settle();
      const answer = await production.command(person, 'test slow');
      expect(answer.body).toBeNull();
      expect(answer.ms).toBeLessThan(500);
      await production.settle();
      expect(production.fake.responsesTo(answer.responseId).map((r) => r.body)).toEqual([
        {
          response_type: 'ephemeral',
          text: 'slow answer',
          blocks: [expect.objectContaining({ type: 'section' })],
          replace_original: false,
        },
      ]);
    } finally {
      await production.close(false);
    }
  });
});
