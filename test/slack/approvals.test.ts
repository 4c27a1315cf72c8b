import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { approvalChannelOf, getApproval } from '../../src/services/approvals/index.js';
import { decodeFormMetadata } from '../../src/slack/metadata.js';
import { addActor, HOUR, type TestAccount } from '../support/switchboard.js';
import type { ApiCall } from './support/fake-slack.js';
import { SlackHarness, type OpenedView, type SlackPerson } from './support/harness.js';
import { FORM, sendSigned } from './support/slack-requests.js';

let h: SlackHarness;
let tags = 0;
let stamps = 0;
beforeAll(async () => {
  h = await SlackHarness.start();
  // The harness turns approvals off to test the adapter alone; here they are what is tested.
  h.sb.deps.settings.approvals = DEFAULT_APPROVAL_POLICY;
  // Each message posted gets its own ts, as in Slack; a channel the app is not in refuses.
  h.fake.answer('chat.postMessage', (args) =>
    args.channel === 'C0LOCKED'
      ? { ok: false, error: 'not_in_channel' }
      : { ok: true, channel: args.channel, ts: `17000${String(++stamps).padStart(5, '0')}.000200` },
  );
});
afterAll(async () => h?.close());

const em = () => h.sb.orm.em.fork();

interface Answer {
  message: { response_type: string; text: string; blocks: any[] };
  inAck: boolean;
  ackAt: number;
}

/** `/portal <line>` in `channel`: the reply (from the acknowledgement, else the response_url); no Web API call before the acknowledgement. */
async function ask(person: SlackPerson, line: string, channel = 'C0OPS'): Promise<Answer> {
  const exchanges = h.exchanges.length;
  const answer = await h.command(person, line, { channel });
  expect(answer.status, line).toBe(200);
  const exchange = h.exchanges[exchanges]!;
  expect(
    h.callsBeforeAck(exchange).filter((m) => m !== 'views.open'),
    `${line}: Web API calls before the acknowledgement`,
  ).toEqual([]);
  await h.settle();
  if (answer.body) return { message: answer.body, inAck: true, ackAt: exchange.ackAt! };
  const posts = h.fake.responsesTo(answer.responseId);
  expect(posts, `${line}: one reply by response_url`).toHaveLength(1);
  return { message: posts[0]!.body as Answer['message'], inAck: false, ackAt: exchange.ackAt! };
}

/** A click on a card's button, checked for no Web API call before its acknowledgement; settled. */
async function click(person: SlackPerson, button: { action_id: string; value: string }, card: Card) {
  const exchanges = h.exchanges.length;
  const answer = await h.click(person, button, { channel: card.channel, messageTs: card.ts });
  expect(answer).toMatchObject({ status: 200, body: null });
  expect(h.callsBeforeAck(h.exchanges[exchanges]!)).toEqual([]);
  await h.settle();
  return { ...answer, replies: () => h.fake.responsesTo(answer.responseId!).map((r) => r.body as any) };
}

interface Team {
  acc: TestAccount;
  /** The requester (Sam Slack) and two more Administrators on Slack. */
  sam: SlackPerson;
  bea: SlackPerson;
  cal: SlackPerson;
  channel: string;
}

/** An account with three Administrators on Slack (identities bound and cached), a regular user quinn, and an approvals channel. */
async function team(options: { channel?: string | null } = {}): Promise<Team> {
  const { acc, person: sam } = await h.admin();
  const tag = `${Date.now().toString(36)}${++tags}`;
  const slackAdmin = async (userId: string, firstName: string, lastName: string) => {
    const email = `${userId}-${tag}@example.com`;
    await addActor(h.sb, acc, { userId, email, firstName, lastName });
    return h.person(email);
  };
  const bea = await slackAdmin('bea', 'Bea', 'Second');
  const cal = await slackAdmin('cal', 'Cal', 'Third');
  await addActor(h.sb, acc, { userId: 'quinn', email: `quinn-${tag}@example.com` }, 'regular');
  for (const person of [sam, bea, cal]) await ask(person, 'help');
  const channel = options.channel === undefined ? `C0APPR${tag.toUpperCase()}` : (options.channel ?? '');
  if (channel) await ask(bea, 'approvals here', channel);
  return { acc, sam, bea, cal, channel };
}

interface Card {
  id: string;
  channel: string;
  ts: string;
  call: ApiCall;
  blocks: any[];
}

const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const button = (blocks: any[], label: string) => buttons(blocks).find((e: any) => e.text.text === label);
const headerOf = (blocks: any[]) => blocks.find((b) => b.type === 'header')?.text.text;

/** The card posted to a channel (the last one). */
function postedCard(channel: string): Card {
  const call = h.fake
    .callsOf('chat.postMessage')
    .filter((c) => c.args.channel === channel)
    .at(-1)!;
  expect(call, `a card posted to ${channel}`).toBeDefined();
  const blocks = call.args.blocks as any[];
  const id = String(button(blocks, 'Approve').value).split(' ').at(-1)!;
  return { id, channel, ts: String(call.result!.ts), call, blocks };
}

/** Sam asks to delete quinn: held, and its card posted. */
async function holdDelete(t: Team): Promise<Card & { held: Answer }> {
  const held = await ask(t.sam, 'user delete quinn');
  return { ...postedCard(t.channel), held };
}

const updatesOf = (card: Card) =>
  h.fake.callsOf('chat.update').filter((c) => c.args.channel === card.channel && c.args.ts === card.ts);
const dmsTo = (person: SlackPerson) => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === person.id);
const quinnState = async (t: Team) =>
  (await em().findOneOrFail(PortalUser, { account: t.acc.account.id, userIdKey: 'quinn' })).state;
const deletes = (t: Team) =>
  em().count(AuditEvent, { accountId: t.acc.account.id, action: 'user.delete', outcome: 'success' });

describe('the approvals channel', () => {
  it('`approvals here` in a channel records it for Slack; in a direct message it says where to run it', async () => {
    const t = await team();
    expect(await approvalChannelOf(h.sb.deps, t.acc.account.id, 'slack')).toEqual({ channel: t.channel, extra: {} });
    const again = await ask(t.cal, 'approvals here', t.channel);
    expect(again.message).toMatchObject({
      response_type: 'in_channel',
      text: ':white_check_mark: Approval requests from slack now go to this channel.',
    });
    const dm = await ask(t.cal, 'approvals here', 'D0CALDM');
    expect(dm.message).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/^:warning: Run `approvals here` in the Slack or Teams channel/),
    });
    expect((await approvalChannelOf(h.sb.deps, t.acc.account.id, 'slack'))?.channel).toBe(t.channel);
  });
});

describe('a held change', () => {
  it('a user delete from /portal: the requester told in the acknowledgement; after it, the card in the approvals channel with what changes, who asked, the expiry, Approve and Deny; its ts recorded', async () => {
    const t = await team();
    const card = await holdDelete(t);
    expect(card.held.inAck).toBe(true);
    expect(card.held.message).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(
        /^Waiting for approval: deleting a user needs a second Administrator\. It has been posted to the approvals channel\./,
      ),
    });
    expect(card.call.at, 'posted after the acknowledgement').toBeGreaterThan(card.held.ackAt);
    expect(await quinnState(t)).toBe('enabled');

    expect(headerOf(card.blocks)).toBe('Approval needed: Delete user quinn');
    const shown = JSON.stringify(card.blocks);
    expect(shown).toMatch(/Requested by\*\\nSam Slack \(sl-[a-z0-9]+\) from slack/);
    expect(shown).toContain('*Expires*\\n2026-11-26 10:00 UTC');
    expect(shown).toMatch(/State +enabled +deleted/);
    expect(card.call.args.text).toBe('Approval needed: Delete user quinn');
    expect(buttons(card.blocks)).toEqual([
      {
        type: 'button',
        action_id: 'run:0',
        text: expect.objectContaining({ text: 'Approve' }),
        value: `approvals approve ${card.id}`,
        style: 'primary',
      },
      {
        type: 'button',
        action_id: 'run:1',
        text: expect.objectContaining({ text: 'Deny' }),
        value: `approvals deny ${card.id}`,
        style: 'danger',
        confirm: expect.objectContaining({
          style: 'danger',
          title: expect.objectContaining({ text: 'Deny this change?' }),
        }),
      },
    ]);
    expect((await getApproval(h.sb.deps, card.id))?.messageRef).toEqual({
      platform: 'slack',
      channel: t.channel,
      message: card.ts,
    });
  });

  it('from a form too (user add as Administrator): the card is posted after the modal closes', async () => {
    const t = await team();
    const opened = await h.openForm(t.sam, 'user add');
    const submitted = await h.submit(t.sam, opened, {
      userId: 'lee',
      label: 'Lee',
      firstName: 'Lee',
      lastName: 'Park',
      email: `lee-${tags}@example.com`,
      phone: '+1 703 555 0100',
      role: 'admin',
    });
    expect(submitted.body).toBeNull();
    await h.settle();
    expect(h.fake.responsesTo(opened.responseId).map((r) => (r.body as any).text)).toEqual([
      expect.stringMatching(/^Waiting for approval: granting Administrator/),
    ]);
    const card = postedCard(t.channel);
    expect(headerOf(card.blocks)).toBe('Approval needed: Add user lee');
    expect(await em().count(PortalUser, { account: t.acc.account.id, userIdKey: 'lee' })).toBe(0);
  });

  it('no Slack approvals channel: nothing is posted (the reply says what to do); a channel the app is not in: the requester is told privately', async () => {
    const none = await team({ channel: null });
    const posts = h.fake.callsOf('chat.postMessage').length;
    const held = await ask(none.sam, 'user delete quinn');
    expect(held.message.text).toMatch(
      /No approvals channel is set for slack: an Administrator can run `approvals here`/,
    );
    expect(h.fake.callsOf('chat.postMessage').length).toBe(posts);

    const locked = await team({ channel: 'C0LOCKED' });
    const answer = await h.command(locked.sam, 'user delete quinn');
    await h.settle();
    expect(answer.body.text).toMatch(/^Waiting for approval/);
    expect(h.fake.responsesTo(answer.responseId).map((r) => (r.body as any).text)).toEqual([
      expect.stringMatching(
        /^:warning: Your change waits for approval, but its card could not be posted to the approvals channel \(not_in_channel\)\. Another Administrator can still approve it with `\/portal approvals approve [0-9a-f-]{36}`\. Invite Switchboard/,
      ),
    ]);
  });
});

describe('deciding from the card', () => {
  it('Approve by another Administrator: carried out once; the card updated for everyone with who decided and no buttons; the requester told by DM; the clicker privately', async () => {
    const t = await team();
    const card = await holdDelete(t);
    const approved = await click(t.bea, button(card.blocks, 'Approve'), card);
    expect(await quinnState(t)).toBe('deleted');
    expect(await deletes(t)).toBe(1);
    expect(approved.replies()).toEqual([
      expect.objectContaining({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':white_check_mark: Approved: Approved by Bea Second; done.',
      }),
    ]);

    const [update] = updatesOf(card);
    expect(updatesOf(card)).toHaveLength(1);
    expect(update!.at).toBeGreaterThan(h.exchanges.at(-1)!.ackAt!);
    const blocks = update!.args.blocks as any[];
    expect(headerOf(blocks)).toBe(':white_check_mark: Approved and done: Delete user quinn');
    expect(buttons(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('Approved by Bea Second; done.');

    const dms = dmsTo(t.sam);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toBe(
      ':white_check_mark: Your request (deleting a user: quinn) was approved by Bea Second and carried out.',
    );
    expect(buttons(dms[0]!.args.blocks as any[])).toEqual([]);
  });

  it("the requester's own click is refused privately: nothing changes, the card stays as it is, and Deny opens no form", async () => {
    const t = await team();
    const card = await holdDelete(t);
    for (const label of ['Approve', 'Deny']) {
      const own = await click(t.sam, button(card.blocks, label), card);
      expect(own.replies()).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral',
          text: ':warning: You asked for this change, so another Administrator has to approve or deny it.',
        }),
      ]);
      expect(h.fake.callsOf('views.open').filter((c) => c.args.trigger_id === own.triggerId)).toEqual([]);
    }
    expect(updatesOf(card)).toEqual([]);
    expect(dmsTo(t.sam)).toEqual([]);
    expect(await quinnState(t)).toBe('enabled');
    expect((await getApproval(h.sb.deps, card.id))?.state).toBe('pending');
  });

  it('Deny asks for a reason in a modal; with one, the card says who denied and why and the requester is told it', async () => {
    const t = await team();
    const card = await holdDelete(t);
    const deny = await click(t.bea, button(card.blocks, 'Deny'), card);
    const call = h.fake.callsOf('views.open').find((c) => c.args.trigger_id === deny.triggerId)!;
    expect(call, "the deny form opened with the click's trigger_id").toBeDefined();
    const view = call.args.view as any;
    expect(view).toMatchObject({ type: 'modal', title: { text: 'Deny the change' }, submit: { text: 'Deny' } });
    expect(decodeFormMetadata(view.private_metadata)).toMatchObject({
      formId: 'approval-deny',
      channelId: t.channel,
      metadata: { request: card.id },
    });
    const opened: OpenedView = {
      id: String((call.result!.view as any).id),
      hash: 'h',
      triggerId: deny.triggerId,
      view,
    };

    expect((await h.submit(t.bea, opened, { reason: '' })).body).toMatchObject({
      response_action: 'errors',
      errors: { 'field:reason': expect.any(String) },
    });
    expect(updatesOf(card)).toEqual([]);
    const exchanges = h.exchanges.length;
    expect((await h.submit(t.bea, opened, { reason: 'Still on the March project' })).body).toBeNull();
    expect(h.callsBeforeAck(h.exchanges[exchanges]!)).toEqual([]);
    await h.settle();

    expect(await quinnState(t)).toBe('enabled');
    expect((await getApproval(h.sb.deps, card.id))?.state).toBe('denied');
    expect(deny.replies().map((r) => r.text)).toEqual([':white_check_mark: Denied; the requester is told.']);
    const blocks = updatesOf(card).at(-1)!.args.blocks as any[];
    expect(headerOf(blocks)).toBe(':warning: Denied: Delete user quinn');
    expect(JSON.stringify(blocks)).toContain('Denied by Bea Second: Still on the March project');
    expect(buttons(blocks)).toEqual([]);
    expect(dmsTo(t.sam).map((c) => c.args.text)).toEqual([
      ':warning: Your request (deleting a user: quinn) was denied by Bea Second. Reason: Still on the March project',
    ]);
  });

  it('a click after the decision is told privately who decided, changes nothing, refreshes the card, and does not tell the requester again', async () => {
    const t = await team();
    const card = await holdDelete(t);
    await click(t.bea, button(card.blocks, 'Approve'), card);
    const late = await click(t.cal, button(card.blocks, 'Approve'), card);
    expect(late.replies().map((r) => r.text)).toEqual([
      ':warning: Already decided by Bea Second: executed. Nothing changed.',
    ]);
    const lateDeny = await click(t.cal, button(card.blocks, 'Deny'), card);
    expect(lateDeny.replies().map((r) => r.text)).toEqual([
      ':warning: Already decided by Bea Second: executed. Nothing changed.',
    ]);
    expect(h.fake.callsOf('views.open').filter((c) => c.args.trigger_id === lateDeny.triggerId)).toEqual([]);
    expect(await deletes(t)).toBe(1);
    const updates = updatesOf(card);
    expect(updates.length).toBe(3);
    for (const update of updates)
      expect(headerOf(update.args.blocks as any[])).toBe(':white_check_mark: Approved and done: Delete user quinn');
    expect(dmsTo(t.sam)).toHaveLength(1);
  });

  it('typed `/portal approvals approve <id>`: the answer in the acknowledgement, the card updated and the requester told after it', async () => {
    const t = await team();
    const card = await holdDelete(t);
    const typed = await ask(t.cal, `approvals approve ${card.id}`);
    expect(typed.inAck).toBe(true);
    expect(typed.message.text).toBe(':white_check_mark: Approved: Approved by Cal Third; done.');
    expect(updatesOf(card)).toHaveLength(1);
    expect(updatesOf(card)[0]!.at).toBeGreaterThan(typed.ackAt);
    expect(dmsTo(t.sam).map((c) => c.args.text)).toEqual([
      ':white_check_mark: Your request (deleting a user: quinn) was approved by Cal Third and carried out.',
    ]);
  });
});

describe('expiry', () => {
  it("the sweeper's listener updates the expired card and tells the requester; a late click changes nothing", async () => {
    const t = await team();
    const card = await holdDelete(t);
    const sweeper = new ApprovalSweeper(h.sb.deps, h.sb.deps.logger);
    h.sb.clock.advance(25 * HOUR);
    try {
      const changed = await sweeper.runOnce();
      expect(changed.map((c) => [c.id, c.state])).toContainEqual([card.id, 'expired']);
      // The adapter subscribed itself when it was made; its work follows in the background.
      await h.settle();
    } finally {
      h.sb.clock.advance(-25 * HOUR);
    }
    const blocks = updatesOf(card).at(-1)!.args.blocks as any[];
    expect(headerOf(blocks)).toBe(':warning: Expired: Delete user quinn');
    expect(buttons(blocks)).toEqual([]);
    expect(dmsTo(t.sam).map((c) => c.args.text)).toEqual([
      'Your request (deleting a user: quinn) expired before another Administrator decided; nothing changed. Ask again if it is still needed.',
    ]);

    const late = await click(t.bea, button(card.blocks, 'Approve'), card);
    expect(late.replies().map((r) => r.text)).toEqual([':warning: Already decided: expired. Nothing changed.']);
    expect(await quinnState(t)).toBe('enabled');
    expect(dmsTo(t.sam)).toHaveLength(1);
  });

  it('a click on a request past its expiry, before the sweeper: marked expired, the card updated, the requester told once', async () => {
    const t = await team();
    const card = await holdDelete(t);
    h.sb.clock.advance(25 * HOUR);
    try {
      const late = await click(t.bea, button(card.blocks, 'Approve'), card);
      expect(late.replies().map((r) => r.text)).toEqual([
        ':warning: This request expired before a decision; nothing changed. The requester can ask again.',
      ]);
      await new ApprovalSweeper(h.sb.deps, h.sb.deps.logger).runOnce();
      await h.settle();
    } finally {
      h.sb.clock.advance(-25 * HOUR);
    }
    expect(headerOf(updatesOf(card).at(-1)!.args.blocks as any[])).toBe(':warning: Expired: Delete user quinn');
    expect(dmsTo(t.sam).map((c) => c.args.text)).toEqual([
      expect.stringMatching(/^Your request \(deleting a user: quinn\) expired/),
    ]);
    expect(await quinnState(t)).toBe('enabled');
  });
});

describe('exactly once', () => {
  it('a retried delivery (X-Slack-Retry-Num) of an Approve click makes one change, in this process or at another replica', async () => {
    const t = await team();
    const card = await holdDelete(t);
    const { body, responseId } = h.clickBody(t.bea, button(card.blocks, 'Approve'), {
      channel: card.channel,
      messageTs: card.ts,
    });
    expect((await sendSigned(h.url, body, FORM)).status).toBe(200);
    const retry = await sendSigned(h.url, body, FORM, { retryNum: 1 });
    expect(retry).toMatchObject({ status: 200, body: null });
    await h.settle();
    expect(h.fake.responsesTo(responseId!).map((r) => (r.body as any).text)).toEqual([
      ':white_check_mark: Approved: Approved by Bea Second; done.',
    ]);

    // The same delivery at a replica: the once-only ledger (in the database) drops it there too.
    const replica = await SlackHarness.start({ sb: h.sb });
    h.sb.deps.settings.approvals = DEFAULT_APPROVAL_POLICY;
    try {
      replica.fake.users.set(t.bea.id, h.fake.users.get(t.bea.id)!);
      expect((await sendSigned(replica.url, body, FORM, { retryNum: 2 })).status).toBe(200);
      await replica.settle();
      expect(replica.fake.calls, 'nothing done for a delivery already carried out').toEqual([]);
      // A new click at the replica, past the double-click window, is a new delivery: the services
      // keep it to one change, and the card is refreshed.
      h.sb.clock.advance(3_000);
      const late = await replica.click(t.bea, button(card.blocks, 'Approve'), {
        channel: card.channel,
        messageTs: card.ts,
      });
      await replica.settle();
      expect(replica.fake.callsOf('chat.update').map((c) => c.args.ts)).toEqual([card.ts]);
      const lateReplies = replica.fake.responsesTo(late.responseId!).map((r) => (r.body as any).text);
      expect(lateReplies).toEqual([':warning: Already decided by Bea Second: executed. Nothing changed.']);
    } finally {
      await replica.close(false);
    }
    expect(h.fake.responsesTo(responseId!)).toHaveLength(1);
    expect(await deletes(t)).toBe(1);
    expect(
      await em().count(AuditEvent, { accountId: t.acc.account.id, action: 'approval.approve', outcome: 'success' }),
    ).toBe(1);
    expect(await em().count(ApprovalRequest, { account: t.acc.account.id, state: 'executed' })).toBe(1);
    expect(dmsTo(t.sam)).toHaveLength(1);
  });
});
