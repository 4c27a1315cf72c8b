import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noArgs } from '../../commands/args.js';
import { registryWith } from '../support/registry.js';
import { defineCommand } from '../../commands/types.js';
import { NOT_A_PORTAL_USER } from '../../src/chat/identity.js';
import { SOMETHING_WENT_WRONG } from '../../src/chat/run-command.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { getApproval } from '../../src/services/approvals/index.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import { addActor, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { SlackHarness, type SlackPerson } from '../slack/support/harness.js';
import {
  actionsOf,
  cardText,
  executeActivity,
  messageActivity,
  startTeamsTest,
  type Member,
  type TeamsTest,
  type Where,
} from '../teams/support.js';

/**
 * The same scenarios against both chat adapters, through their real entry points: Slack's Bolt
 * receiver with signed requests and a fake Web API, Teams' adapter with a fake Bot Connector.
 * What the people see must be the same words on both.
 */
interface Card {
  id: string;
  /** The card as it is now for everyone (its latest update, else as posted), as text. */
  now(): string;
  approve(by: 'approver'): Promise<void>;
}

interface Platform {
  sb: TestSwitchboard;
  acc: TestAccount;
  /** A line from the requester (an Administrator), the approver, or a stranger; the answer's text. */
  say(who: 'requester' | 'approver' | 'stranger', line: string): Promise<string>;
  /** The requester holds a change: its card, posted to the approvals channel. */
  hold(line: string): Promise<Card>;
  /** What the requester was told privately, oldest first, as text. */
  notices(): string[];
  close(): Promise<void>;
}

async function slackPlatform(): Promise<Platform> {
  const h = await SlackHarness.start({ registry });
  h.sb.deps.settings.approvals = DEFAULT_APPROVAL_POLICY;
  let stamps = 0;
  h.fake.answer('chat.postMessage', (args) => ({ ok: true, channel: args.channel, ts: `1800.${++stamps}` }));
  const { acc, person: requester } = await h.admin();
  await addActor(h.sb, acc, {
    userId: 'bea',
    email: `bea-${acc.account.id}@example.com`,
    firstName: 'Bea',
    lastName: 'Second',
  });
  const people: Record<string, SlackPerson> = {
    requester,
    approver: h.person(`bea-${acc.account.id}@example.com`),
    stranger: h.person('nobody@elsewhere.example'),
  };
  const say = async (who: string, line: string, channel = 'C0OPS') => {
    const answer = await h.command(people[who]!, line, { channel });
    await h.settle();
    return JSON.stringify(answer.body ?? h.fake.responsesTo(answer.responseId).map((r) => r.body));
  };
  await say('approver', 'approvals here', 'C0APPROVALS');
  const blocksText = (blocks: unknown) => JSON.stringify(blocks);
  return {
    sb: h.sb,
    acc,
    say,
    async hold(line) {
      await say('requester', line);
      const post = h.fake
        .callsOf('chat.postMessage')
        .filter((c) => c.args.channel === 'C0APPROVALS')
        .at(-1)!;
      const blocks = post.args.blocks as any[];
      const approve = blocks.flatMap((b) => b.elements ?? []).find((e: any) => e.text?.text === 'Approve');
      const ts = String(post.result!.ts);
      return {
        id: String(approve.value).split(' ').at(-1)!,
        now: () => {
          const updates = h.fake.callsOf('chat.update').filter((c) => c.args.ts === ts);
          return blocksText((updates.at(-1) ?? post).args.blocks);
        },
        async approve() {
          await h.click(people.approver!, approve, { channel: 'C0APPROVALS', messageTs: ts });
          await h.settle();
        },
      };
    },
    notices: () =>
      h.fake
        .callsOf('chat.postMessage')
        .filter((c) => c.args.channel === requester.id)
        .map((c) => JSON.stringify(c.args.blocks)),
    close: () => h.close(),
  };
}

async function teamsPlatform(): Promise<Platform> {
  const t: TeamsTest = await startTeamsTest({ registry });
  const APPROVALS = '19:approvals@thread.tacv2';
  const member = (id: string, name: string, email: string): Member =>
    t.connector.addMember({ id: `29:${id}`, aadObjectId: `aad-${id}`, name, email });
  const people: Record<string, Member> = {
    requester: t.admin,
    approver: member('bea', 'Bea Second', 'admin2@example.com'),
    stranger: member('sam', 'Sam Stranger', 'nobody@elsewhere.example'),
  };
  await addActor(t.sb, t.acc, { userId: 'bea', email: 'admin2@example.com', firstName: 'Bea', lastName: 'Second' });
  const send = async (where: Where, activity: Record<string, unknown>) => {
    const response = await t.bot.post(activity);
    await t.bot.bot.state.background.idle();
    return response;
  };
  const personal = (who: string): Where => ({ connector: t.connector, from: people[who]! });
  const say = async (who: string, line: string) => {
    const before = t.connector.posted().length;
    await send(personal(who), messageActivity(personal(who), line));
    return t.connector.posted().slice(before).map(cardText).join('\n');
  };
  const inApprovals = (who: string, messageId = 'root-1'): Where => ({
    connector: t.connector,
    from: people[who]!,
    conversationType: 'channel',
    conversationId: `${APPROVALS};messageid=${messageId}`,
    replyToId: messageId,
  });
  await send(inApprovals('approver'), messageActivity(inApprovals('approver'), 'approvals here'));
  return {
    sb: t.sb,
    acc: t.acc,
    say,
    async hold(line) {
      await say('requester', line);
      const posted = t.connector.postedTo(APPROVALS).at(-1)!.attachments[0].content;
      const approve = actionsOf(posted).find((a) => a.verb === VERBS.approvalApprove)!;
      const id = approve.data.sb.approval as string;
      const messageId = (await getApproval(t.sb.deps, id))!.messageRef!.message!;
      return {
        id,
        now: () => {
          const updates = t.connector.updated().filter((c) => c.path.endsWith(`/activities/${messageId}`));
          return updates.length > 0 ? cardText(updates.at(-1)!.body.attachments[0].content) : cardText(posted);
        },
        async approve() {
          await send(inApprovals('approver', messageId), executeActivity(inApprovals('approver', messageId), approve));
        },
      };
    },
    notices: () => t.connector.postedTo(`conv-personal-${t.admin.id}`).map(cardText),
    close: () => t.close(),
  };
}

const registry = registryWith({
  commands: [
    defineCommand({
      words: ['test-crash'],
      usage: '',
      summary: 'throws',
      permission: 'anyone',
      args: noArgs,
      run: async () => Promise.reject(new TypeError('boom: secret detail')),
    }),
  ],
});

describe.each([
  ['Slack', slackPlatform],
  ['Teams', teamsPlatform],
])('%s', (_name, start) => {
  let p: Platform;
  beforeAll(async () => {
    p = await start();
  });
  afterAll(async () => p?.close());

  const regular = async (userId: string) =>
    addActor(p.sb, p.acc, { userId, email: `${userId}-${p.acc.account.id}@example.com` }, 'regular');
  const stateOf = async (userId: string) =>
    (await p.sb.orm.em.fork().findOneOrFail(PortalUser, { account: p.acc.account.id, userIdKey: userId })).state;
  const deletes = () =>
    p.sb.orm.em.fork().count(AuditEvent, { accountId: p.acc.account.id, action: 'user.delete', outcome: 'success' });

  it('a stranger is refused with the same words, and nothing happens', async () => {
    expect(await p.say('stranger', 'users')).toContain(NOT_A_PORTAL_USER);
  });

  it('a command that fails unexpectedly is answered politely with the same words, never its detail', async () => {
    const answer = await p.say('requester', 'test-crash');
    expect(answer).toContain(SOMETHING_WENT_WRONG);
    expect(answer).not.toContain('secret detail');
  });

  it('a command answers', async () => {
    await regular('quinn');
    expect(await p.say('requester', 'user show quinn')).toContain('quinn');
  });

  it('a held change posts its card; another Administrator approves: done once, card updated, requester told once', async () => {
    await regular('victim');
    const card = await p.hold('user delete victim');
    expect(card.now()).toContain('Approval needed: Delete user victim');
    expect(await stateOf('victim')).toBe('enabled');
    const told = p.notices().length;

    await card.approve('approver');
    expect(await stateOf('victim')).toBe('deleted');
    expect(card.now()).toContain('Approved by Bea Second');
    const notices = p.notices().slice(told);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Your request (deleting a user: victim) was approved by Bea Second and carried out.');

    const done = await deletes();
    await card.approve('approver');
    expect(await deletes()).toBe(done);
    expect(p.notices().slice(told)).toHaveLength(1);
  });

  it('a deny with a reason: nothing changes, the card says so and the requester is told why, once', async () => {
    await regular('keeper');
    const card = await p.hold('user delete keeper');
    const told = p.notices().length;
    await p.say('approver', `approvals deny ${card.id} --reason "Still on the March project"`);
    expect(await stateOf('keeper')).toBe('enabled');
    expect(card.now()).toContain('Denied');
    expect(p.notices().slice(told)).toEqual([
      expect.stringContaining(
        'Your request (deleting a user: keeper) was denied by Bea Second. Reason: Still on the March project',
      ),
    ]);
    await p.say('approver', `approvals deny ${card.id} --reason "Again"`);
    expect(p.notices().slice(told)).toHaveLength(1);
  });
});
