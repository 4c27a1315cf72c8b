import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { getApproval } from '../../src/services/approvals/index.js';
import { giveGrantOperation } from '../../src/services/grants/operations.js';
import { runOperation } from '../../src/services/run.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import {
  actionsOf,
  cardText,
  executeActivity,
  invokeCard,
  startTeamsTest,
  type Member,
  type TeamsTest,
  type Where,
} from './support.js';
import { addPerson, inChannelOf, say as sayIn } from './people.js';

const APPROVALS = '19:grant-approvals@thread.tacv2';
const MINUTE = 60_000;

let t: TeamsTest;
let bea: Member;
let rita: Member;
beforeAll(async () => {
  t = await startTeamsTest();
  t.sb.deps.settings.approvals = DEFAULT_APPROVAL_POLICY;
  bea = await addPerson(t, 'bea');
  rita = await addPerson(t, 'rita');
});
afterAll(async () => t?.close());

const em = () => t.sb.orm.em.fork();
const personal = (from: Member): Where => ({ connector: t.connector, from });
const inChannel = (from: Member, messageId?: string): Where => inChannelOf(t, APPROVALS, from, messageId);
const say = (where: Where, text: string) => sayIn(t, where, text);

/** Everything the bot sent Rita one to one: in the 1:1 chat she writes in, or one it started with her. */
const toRita = () => [...t.connector.postedTo('conv-personal-29:rita'), ...t.connector.postedTo('a:1on1-29:rita')];
/** What the bot told Rita in a 1:1 chat it started by her identity (her AAD object id), not answering her. */
const toldRita = () => t.connector.postedTo('a:1on1-aad-rita');

/** An activity's text: Teams shows a card, with its text as the summary (notification) and fallback. */
const textOf = (activity: Record<string, any>) =>
  String(activity.text ?? activity.summary ?? activity.attachments?.[0]?.content?.fallbackText ?? '');

const invoices = async () =>
  (await em().findOneOrFail(PortalUser, { account: t.acc.account.id, userIdKey: 'rita' })).invoices;

/** Runs the sweeper twice (a second sweep must tell nobody again) `ms` later; the clock goes back after. */
async function sweepTwiceAfter(ms: number): Promise<void> {
  const sweeper = new ApprovalSweeper(t.sb.deps, t.sb.deps.logger);
  t.sb.clock.advance(ms);
  try {
    for (const _ of [1, 2]) {
      await sweeper.runOnce();
      await t.bot.bot.state.background.idle();
    }
  } finally {
    t.sb.clock.advance(-ms);
  }
}

const click = (from: Member, messageId: string, action: Record<string, any>) =>
  t.bot.post(executeActivity(inChannel(from, messageId), action));

describe('time-boxed access in Teams', () => {
  it('a regular user asks, another Administrator approves from the card, it holds, and at its end it returns once with the user told in Teams', async () => {
    await say(inChannel(bea), 'approvals here');
    expect(cardText(t.connector.posted().at(-1))).toContain('Approval requests from teams now go to this channel.');

    // Refused requests: nothing is posted for approval.
    const cardsBefore = t.connector.postedTo(APPROVALS).length;
    await say(personal(rita), 'request invoices:pay for 9h --reason "audit"');
    expect(cardText(toRita().at(-1))).toMatch(/A grant lasts at most 8h \(GRANT_MAX\); ask for 8h or less/);
    await say(personal(rita), 'request invoices:pay for 30m');
    expect(cardText(toRita().at(-1))).toMatch(/Say why you need it: add --reason/);
    expect(t.connector.postedTo(APPROVALS)).toHaveLength(cardsBefore);

    // The request: held, its card posted to the approvals channel.
    await say(personal(rita), 'request invoices:pay for 30m --reason "month-end invoices"');
    const reply = toRita().at(-1)!;
    expect(textOf(reply)).toMatch(/^Waiting for approval: a request for access/);
    const posted = t.connector.postedTo(APPROVALS);
    expect(posted, 'the approval card is posted').toHaveLength(cardsBefore + 1);
    const card = posted.at(-1)!.attachments[0].content;
    const shown = cardText(card);
    expect(shown).toContain('Access request');
    expect(shown).toContain('invoices:pay for 30m');
    expect(shown).toContain('month-end invoices');
    const approve = actionsOf(card).find((a) => a.verb === VERBS.approvalApprove)!;
    expect(approve).toMatchObject({ type: 'Action.Execute', title: 'Approve' });
    const id = approve.data.sb.approval as string;
    const view = (await getApproval(t.sb.deps, id))!;
    expect(view).toMatchObject({ state: 'pending', operationName: 'access.request' });
    const messageId = view.messageRef!.message!;
    expect(await invoices()).toBe('view');

    // The requester cannot approve their own request.
    const own = await click(rita, messageId, approve);
    expect(own.status).toBe(200);
    expect(own.body?.type, JSON.stringify(own.body)).toBe('application/vnd.microsoft.activity.message');
    // Rita is no Administrator, and it is her own request: refused privately, either way.
    expect(String(own.body.value)).toMatch(
      /^(Only portal Administrators can decide approval requests|You asked for this change, so another Administrator has to approve or deny it)\.$/,
    );
    await t.bot.bot.state.background.idle();
    expect(await invoices()).toBe('view');
    expect((await getApproval(t.sb.deps, id))!.state).toBe('pending');
    expect(t.connector.updated().filter((c) => c.path.endsWith(`/activities/${messageId}`))).toHaveLength(0);

    // Another Administrator approves: the permission is raised.
    const approved = invokeCard(await click(bea, messageId, approve));
    await t.bot.bot.state.background.idle();
    expect(cardText(approved)).toContain('You approved it; it is done.');
    expect(await invoices()).toBe('pay');

    await say(personal(rita), 'grants');
    expect(cardText(toRita().at(-1))).toMatch(/invoices:pay/);

    // At its end the sweeper returns it, once, and Rita is told once, one to one.
    const toldBefore = toRita().length;
    const sweeper = new ApprovalSweeper(t.sb.deps, t.sb.deps.logger);
    t.sb.clock.advance(31 * MINUTE);
    try {
      await sweeper.runOnce();
      await t.bot.bot.state.background.idle();
      await sweeper.runOnce();
      await t.bot.bot.state.background.idle();
    } finally {
      t.sb.clock.advance(-31 * MINUTE);
    }
    expect(await invoices()).toBe('view');
    const ends = toRita()
      .slice(toldBefore)
      .filter((a) => textOf(a).includes('Your invoices:pay access has ended'));
    expect(ends, JSON.stringify(t.connector.posted().slice(-5))).toHaveLength(1);
    expect(cardText(ends[0])).toContain('Ended on time; invoices:pay returned to view.');
    expect(await em().count(AuditEvent, { accountId: t.acc.account.id, action: 'grant.end', outcome: 'success' })).toBe(
      1,
    );
  });

  it('the holder of a grant an Administrator gave is told once, 1:1, at its end and of a revoke by someone else; not of their own', async () => {
    await say(inChannel(bea), 'approvals here');
    await say(personal(rita), 'grants');
    const endsOf = (permission: string) =>
      [...toRita(), ...toldRita()].filter((a) => textOf(a).includes(`Your ${permission} access has ended`));
    const grantOf = async (permission: string) =>
      (await em().findOneOrFail(Grant, { account: t.acc.account.id, permission, state: 'active' })).id;

    await say(personal(bea), 'grant rita meraki:full for 30m');
    await sweepTwiceAfter(31 * MINUTE);
    const ended = endsOf('meraki:full');
    expect(ended, JSON.stringify(t.connector.posted().slice(-3))).toHaveLength(1);
    expect(toldRita()).toContain(ended[0]);
    expect(cardText(ended[0])).toContain('Ended on time; meraki:full returned to off.');

    await say(personal(bea), 'grant rita velo:full for 1h');
    await say(personal(bea), `revoke ${await grantOf('velo:full')}`);
    const revoked = endsOf('velo:full');
    expect(revoked).toHaveLength(1);
    expect(cardText(revoked[0])).toContain('Revoked by Bea Second; velo:full returned to off.');

    await say(personal(bea), 'grant rita fortinet:full for 1h');
    await say(personal(rita), `revoke ${await grantOf('fortinet:full')}`);
    expect(textOf(toRita().at(-1)!)).toMatch(/Revoked fortinet:full of rita/);
    expect(endsOf('fortinet:full')).toEqual([]);
  });

  it('the holder of a grant given from the console is told at its end in Teams, once, 1:1', async () => {
    await say(inChannel(bea), 'approvals here');
    await say(personal(rita), 'grants');
    const fromConsole = { ...t.acc.actor, platform: 'console' as const };
    const input = { user: 'rita', permission: 'meraki:full', durationMs: 30 * MINUTE };
    const grant = await runOperation(t.sb.deps, fromConsole, giveGrantOperation, input);
    expect(grant.platform).toBe('console');
    await sweepTwiceAfter(31 * MINUTE);
    const ended = [...toRita(), ...toldRita()].filter((a) =>
      cardText(a).includes(`Your meraki:full access has ended (grant ${grant.shortId})`),
    );
    expect(ended, JSON.stringify(t.connector.posted().slice(-3))).toHaveLength(1);
  });

  it('a request still pending is reminded in a reply to its card after 1h, then after twice as long, once per interval', async () => {
    await say(inChannel(bea), 'approvals here');
    await say(personal(rita), 'request fortinet:full for 2h --reason "incident"');
    expect(textOf(toRita().at(-1)!)).toMatch(/^Waiting for approval: a request for access/);
    const posted = t.connector.postedTo(APPROVALS);
    const card = posted.at(-1)!.attachments[0].content;
    expect(cardText(card)).toContain('fortinet:full for 2h');
    const approve = actionsOf(card).find((a) => a.verb === VERBS.approvalApprove)!;
    const id = approve.data.sb.approval as string;
    const view = (await getApproval(t.sb.deps, id))!;
    expect(view).toMatchObject({ state: 'pending', operationName: 'access.request' });
    const messageId = view.messageRef!.message!;
    expect(messageId).toBeTruthy();

    // A reply to the card: the channel conversation continued at the card's activity.
    const thread = `${APPROVALS};messageid=${messageId}`;
    const reminders = () => t.connector.postedTo(thread);
    const channelPosts = posted.length;
    const sweeper = new ApprovalSweeper(t.sb.deps, t.sb.deps.logger);
    const sweep = async () => {
      await sweeper.runOnce();
      await t.bot.bot.state.background.idle();
    };
    let advanced = 0;
    const advance = (ms: number) => {
      t.sb.clock.advance(ms);
      advanced += ms;
    };
    try {
      advance(59 * MINUTE);
      await sweep();
      expect(reminders()).toEqual([]);

      advance(2 * MINUTE);
      await sweep();
      await sweep();
      expect(reminders(), JSON.stringify(t.connector.calls.slice(-5).map((c) => c.path))).toHaveLength(1);
      expect(textOf(reminders()[0]!)).toMatch(
        /^Reminder: Access request rita, asked by Rita Regular, has waited about 1 h/,
      );
      // Not a new post in the channel.
      expect(t.connector.postedTo(APPROVALS)).toHaveLength(channelPosts);

      advance(60 * MINUTE);
      await sweep();
      expect(reminders(), 'the second waits twice as long').toHaveLength(1);

      advance(60 * MINUTE);
      await sweep();
      await sweep();
      expect(reminders()).toHaveLength(2);
      expect(textOf(reminders()[1]!)).toMatch(
        /^Reminder: Access request rita, asked by Rita Regular, has waited about 3 h/,
      );
      expect(t.connector.postedTo(APPROVALS)).toHaveLength(channelPosts);
      expect((await getApproval(t.sb.deps, id))!.state).toBe('pending');
    } finally {
      t.sb.clock.advance(-advanced);
    }
  });
});
