import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import { approvalChannelOf, getApproval } from '../../src/services/approvals/index.js';
import { adaptiveCardProblems } from './card-problems.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import { addActor, HOUR, newAccount } from '../support/switchboard.js';
import {
  actionsOf,
  BOT,
  cardText,
  executeActivity,
  inputsOf,
  invokeCard,
  startTeamsTest,
  TENANT,
  type Member,
  type TeamsTest,
  type Where,
} from './support.js';
import { addPerson, inChannelOf, say as sayIn } from './people.js';

const APPROVALS = '19:approvals@thread.tacv2';
const GROUP = '19:admins-chat@thread.v2';

let t: TeamsTest;
let bea: Member;
let cy: Member;
let rita: Member;
let sam: Member;
beforeAll(async () => {
  t = await startTeamsTest();
  bea = await addPerson(t, 'bea');
  cy = await addPerson(t, 'cy');
  rita = await addPerson(t, 'rita');
  sam = await addPerson(t, 'sam');
});
afterAll(async () => t?.close());

const em = () => t.sb.orm.em.fork();
const personal = (from: Member): Where => ({ connector: t.connector, from });
const inChannel = (from: Member, messageId?: string): Where => inChannelOf(t, APPROVALS, from, messageId);
const say = (where: Where, text: string) => sayIn(t, where, text);

async function stateOf(userId: string) {
  return (await em().findOneOrFail(PortalUser, { account: t.acc.account.id, userIdKey: userId })).state;
}

/** Holds a change from Ada (in her 1:1 chat unless told), and returns its request and posted card. */
async function hold(line: string, where: Where = personal(t.admin)) {
  const before = t.connector.postedTo(APPROVALS).length;
  await say(where, line);
  const posted = t.connector.postedTo(APPROVALS);
  expect(posted.length, 'the approval card is posted').toBe(before + 1);
  const card = posted.at(-1)!.attachments[0].content;
  const id = actionsOf(card).find((a) => a.verb === VERBS.approvalApprove)!.data.sb.approval as string;
  const view = (await getApproval(t.sb.deps, id))!;
  return { id, card, messageId: view.messageRef!.message!, view };
}

const button = (card: unknown, verb: string) => {
  const action = actionsOf(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} in ${JSON.stringify(card)}`);
  return action;
};
const click = (
  from: Member,
  messageId: string,
  action: Record<string, any>,
  inputs: Record<string, unknown> = {},
  trigger: 'manual' | 'automatic' = 'manual',
) => t.bot.post(executeActivity(inChannel(from, messageId), action, inputs, trigger));
const updatesOf = (messageId: string) =>
  t.connector.updated().filter((c) => c.path.endsWith(`/activities/${messageId}`));
const privateMessage = (response: { body: any }) => {
  expect(response.body?.type, JSON.stringify(response.body)).toBe('application/vnd.microsoft.activity.message');
  return String(response.body.value);
};

describe('approvals in Teams', () => {
  it('`approvals here` in a channel makes it the approvals conversation, with what posting there later needs; a 1:1 chat cannot be one', async () => {
    await say(personal(bea), 'approvals here');
    expect(cardText(t.connector.posted().at(-1))).toContain('Run `approvals here` in the Slack or Teams channel');
    expect(await approvalChannelOf(t.sb.deps, t.acc.account.id, 'teams')).toBeNull();

    await say(inChannel(bea), 'approvals here');
    expect(cardText(t.connector.posted().at(-1))).toContain('Approval requests from teams now go to this channel.');
    expect(await approvalChannelOf(t.sb.deps, t.acc.account.id, 'teams')).toEqual({
      channel: APPROVALS,
      extra: { serviceUrl: t.connector.url, tenantId: TENANT, conversationType: 'channel', botId: BOT.id },
    });
  });

  it('a held `user delete` posts the approval card to the approvals channel and records the message', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim1', email: 'victim1@example.com' }, 'regular');
    const { id, card, messageId, view } = await hold('user delete victim1');
    expect(cardText(t.connector.postedTo('conv-personal-29:ada').at(-1))).toContain(
      'Waiting for approval: deleting a user needs a second Administrator. It has been posted to the approvals channel.',
    );
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card.version).toBe('1.5');
    const text = cardText(card);
    for (const shown of [
      'Approval needed: Delete user victim1',
      'Ada Admin (admin1) from teams',
      'Expires',
      '2026-11-26 10:00 UTC',
      'enabled',
      'deleted',
      'Before',
      'After',
    ])
      expect(text).toContain(shown);
    expect(button(card, VERBS.approvalApprove)).toMatchObject({
      type: 'Action.Execute',
      title: 'Approve',
      style: 'positive',
      data: { sb: { approval: id } },
    });
    expect(button(card, VERBS.approvalDeny)).toMatchObject({
      type: 'Action.Execute',
      title: 'Deny',
      data: { sb: { approval: id } },
    });
    expect(card.refresh).toMatchObject({
      action: { type: 'Action.Execute', verb: VERBS.approvalRefresh, data: { sb: { approval: id } } },
      userIds: [t.admin.id],
    });
    expect(view.messageRef).toMatchObject({
      platform: 'teams',
      channel: APPROVALS,
      message: expect.stringMatching(/^posted-/),
      extra: { serviceUrl: t.connector.url, requesterUser: t.admin.id, requesterConversation: 'conv-personal-29:ada' },
    });
    expect(messageId).toMatch(/^posted-/);
    expect(await stateOf('victim1')).toBe('enabled');
  });

  it('refresh gives every viewer the current card; the requester sees it without Approve and Deny', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim2', email: 'victim2@example.com' }, 'regular');
    const { card, messageId } = await hold('user delete victim2');
    const refresh = (card.refresh as Record<string, any>).action;
    const forBea = invokeCard(await click(bea, messageId, refresh, {}, 'automatic'));
    expect(actionsOf(forBea).map((a) => a.title)).toEqual(['Approve', 'Deny']);
    expect(forBea.refresh).toMatchObject({ action: { verb: VERBS.approvalRefresh } });
    const forAda = invokeCard(await click(t.admin, messageId, refresh, {}, 'automatic'));
    expect(cardText(forAda)).toContain('You asked for this change, so another Administrator approves or denies it.');
    expect(actionsOf(forAda)).toEqual([]);
    expect(forAda.refresh).toMatchObject({ action: { verb: VERBS.approvalRefresh } });
    expect(cardText(invokeCard(await click(rita, messageId, refresh, {}, 'automatic')))).toContain(
      'Approval needed: Delete user victim2',
    );
    expect(updatesOf(messageId)).toHaveLength(0);
  });

  it(
    'refresh shows the request only to enabled portal users of its account: a stranger, a disabled user and another ' +
      "account's Administrator see nothing of it",
    async () => {
      await addActor(t.sb, t.acc, { userId: 'viewed1', email: 'viewed1@example.com' }, 'regular');
      await addActor(t.sb, t.acc, { userId: 'dora', email: 'dora@example.com', state: 'disabled' });
      const other = await newAccount(t.sb);
      await addActor(t.sb, other, { userId: 'otto', email: 'otto@other.example' });
      const dora = t.connector.addMember({
        id: '29:dora',
        aadObjectId: 'aad-dora',
        name: 'Dora Disabled',
        email: 'dora@example.com',
      });
      const otto = t.connector.addMember({
        id: '29:otto',
        aadObjectId: 'aad-otto',
        name: 'Otto Other',
        email: 'otto@other.example',
      });
      const { card, messageId } = await hold('user delete viewed1');
      const refresh = (card.refresh as Record<string, any>).action;
      for (const viewer of [sam, dora, otto]) {
        const shown = invokeCard(await click(viewer, messageId, refresh, {}, 'automatic'));
        expect(cardText(shown), viewer.name).not.toMatch(/viewed1|Delete user|Ada Admin|Approve|Deny/);
        expect(cardText(shown), viewer.name).toContain('Switchboard shows it only to them');
        expect(actionsOf(shown), viewer.name).toEqual([]);
        expect(shown.refresh, viewer.name).toBeUndefined();
      }
      expect(cardText(invokeCard(await click(rita, messageId, refresh, {}, 'automatic')))).toContain(
        'Approval needed: Delete user viewed1',
      );
      expect(updatesOf(messageId)).toHaveLength(0);
    },
  );

  it('Approve by another Administrator carries it out once: the approver gets the refreshed card, the shared card is updated for everyone, the requester is told; the requester, a stranger and a non-Administrator are refused privately', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim3', email: 'victim3@example.com' }, 'regular');
    const { card, messageId } = await hold('user delete victim3');
    const approve = button(card, VERBS.approvalApprove);

    expect(privateMessage(await click(t.admin, messageId, approve))).toBe(
      'You asked for this change, so another Administrator has to approve or deny it.',
    );
    expect(privateMessage(await click(sam, messageId, approve))).toMatch(/^You are not an enabled portal user/);
    expect(privateMessage(await click(rita, messageId, approve))).toBe(
      'Only portal Administrators can decide approval requests.',
    );
    expect(updatesOf(messageId)).toHaveLength(0);
    expect(await stateOf('victim3')).toBe('enabled');

    const told = t.connector.postedTo('conv-personal-29:ada').length;
    // Two Administrators click at the same moment, each twice (a double click): one change.
    const cards = (await Promise.all([bea, cy, bea, cy].map((who) => click(who, messageId, approve)))).map(invokeCard);
    await t.bot.bot.state.background.idle();
    const winners = cards.filter((c) => cardText(c).includes('You approved it; it is done.'));
    expect(winners, cards.map(cardText).join('\n')).toHaveLength(1);
    const mine = winners[0]!;
    expect(cardText(mine)).toContain('Approved and done: Delete user victim3');
    expect(actionsOf(mine)).toEqual([]);
    expect(mine.refresh).toBeUndefined();
    // The other clicks find it being carried out, or done.
    for (const other of cards.filter((c) => c !== mine)) {
      expect(cardText(other)).toMatch(
        /Already decided by (Bea Second|Cy Third): approved(, being carried out| and done)\. Nothing changed\./,
      );
    }

    expect(await stateOf('victim3')).toBe('deleted');
    expect(
      await em().count(AuditEvent, {
        accountId: t.acc.account.id,
        action: 'user.delete',
        outcome: 'success',
        targetName: { $like: '%victim3%' },
      }),
    ).toBe(1);
    // The last update of the posted card: the approver's turn replaces it in its thread, and the
    // approval event may update it by its channel too, in either order; the card is what counts.
    const update = updatesOf(messageId).at(-1)!;
    expect([
      `/v3/conversations/${APPROVALS};messageid=${messageId}/activities/${messageId}`,
      `/v3/conversations/${APPROVALS}/activities/${messageId}`,
    ]).toContain(update.path);
    const shared = update.body.attachments[0].content;
    expect(cardText(shared)).toMatch(/Approved by (Bea Second|Cy Third); done\./);
    expect(cardText(shared)).not.toContain('You approved it');
    expect(actionsOf(shared)).toEqual([]);

    const notices = t.connector.postedTo('conv-personal-29:ada').slice(told);
    expect(notices).toHaveLength(1);
    expect(cardText(notices[0])).toMatch(
      /Your request \(deleting a user: victim3\) was approved by (Bea Second|Cy Third) and carried out\./,
    );

    // A later click: told who decided, nothing changes.
    const late = invokeCard(await click(cy, messageId, approve));
    expect(cardText(late)).toMatch(/Already decided by (Bea Second|Cy Third)/);
    expect(
      await em().count(AuditEvent, {
        accountId: t.acc.account.id,
        action: 'user.delete',
        outcome: 'success',
        targetName: { $like: '%victim3%' },
      }),
    ).toBe(1);
  });

  it('Deny asks the denier for a reason, needs one, and tells the requester (1:1) why; nothing changes', async () => {
    const { id, card, messageId } = await hold('invite boss@example.com --role admin', {
      connector: t.connector,
      from: t.admin,
      conversationType: 'groupChat',
      conversationId: GROUP,
    });
    expect(cardText(t.connector.postedTo(GROUP).at(-1))).toContain('Waiting for approval: granting Administrator');

    expect(privateMessage(await click(t.admin, messageId, button(card, VERBS.approvalDeny)))).toBe(
      'You asked for this change, so another Administrator has to approve or deny it.',
    );
    const asking = invokeCard(await click(bea, messageId, button(card, VERBS.approvalDeny)));
    expect(inputsOf(asking)).toEqual([
      expect.objectContaining({ id: 'reason', type: 'Input.Text', isRequired: true, maxLength: 500 }),
    ]);
    const confirm = button(asking, VERBS.approvalDeny);
    expect(confirm).toMatchObject({
      title: 'Deny',
      associatedInputs: 'auto',
      data: { sb: { approval: id, step: 'reason' } },
    });
    expect(button(asking, VERBS.approvalRefresh).title).toBe('Back');
    expect(asking.refresh).toBeUndefined();
    expect(adaptiveCardProblems(asking)).toEqual([]);
    expect(updatesOf(messageId)).toHaveLength(0);

    const empty = invokeCard(await click(bea, messageId, confirm, { reason: '  ' }));
    expect(cardText(empty)).toContain('Say why you deny it; the requester is told.');
    expect((await getApproval(t.sb.deps, id))!.state).toBe('pending');

    const back = invokeCard(await click(bea, messageId, button(asking, VERBS.approvalRefresh)));
    expect(actionsOf(back).map((a) => a.title)).toEqual(['Approve', 'Deny']);

    const denied = invokeCard(await click(bea, messageId, confirm, { reason: 'We hire admins through IT' }));
    await t.bot.bot.state.background.idle();
    expect(cardText(denied)).toContain('You denied it; the requester is told your reason.');
    expect(cardText(denied)).toContain('Denied by Bea Second: We hire admins through IT');
    expect(cardText(updatesOf(messageId).at(-1)!.body)).toContain('Denied by Bea Second: We hire admins through IT');
    expect(await em().count(Invitation, { email: 'boss@example.com' })).toBe(0);

    // Ada asked in a group chat: she is told in a 1:1 chat the bot starts, not in the group.
    expect(
      t.connector.calls.some(
        (c) =>
          c.method === 'POST' &&
          c.path === '/v3/conversations' &&
          c.body.members?.[0]?.id === t.admin.id &&
          c.body.isGroup === false,
      ),
    ).toBe(true);
    expect(cardText(t.connector.postedTo(`a:1on1-${t.admin.id}`).at(-1))).toContain(
      'was denied by Bea Second. Reason: We hire admins through IT',
    );
    expect(cardText(t.connector.postedTo(GROUP).at(-1))).not.toContain('We hire admins through IT');
  });

  it('a typed `approvals approve` updates the posted card and tells the requester too', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim4', email: 'victim4@example.com' }, 'regular');
    const { id, messageId } = await hold('user delete victim4');
    await say(personal(cy), `approvals approve ${id}`);
    expect(cardText(t.connector.postedTo('conv-personal-29:cy').at(-1))).toContain(
      'Approved: Approved by Cy Third; done.',
    );
    expect(cardText(updatesOf(messageId).at(-1)!.body)).toContain('Approved and done: Delete user victim4');
    expect(cardText(t.connector.postedTo('conv-personal-29:ada').at(-1))).toContain(
      'was approved by Cy Third and carried out',
    );
    expect(await stateOf('victim4')).toBe('deleted');
  });

  it("expiry: the sweeper's expired requests get their card updated and the requester told (where they asked, without a 1:1 chat); a late click changes nothing", async () => {
    await addActor(t.sb, t.acc, { userId: 'victim5', email: 'victim5@example.com' }, 'regular');
    const { id, card, messageId } = await hold('user delete victim5', {
      connector: t.connector,
      from: t.admin,
      conversationType: 'groupChat',
      conversationId: GROUP,
    });
    t.sb.clock.advance(25 * HOUR);
    t.connector.personalChats = false;
    try {
      // As main.ts wires it: the sweeper tells the Teams bot what it changed.
      const sweeper = new ApprovalSweeper(t.sb.deps, t.sb.deps.logger);
      expect((await sweeper.runOnce()).map((v) => v.id)).toContain(id);
      await t.bot.bot.state.background.idle();
      const shared = updatesOf(messageId).at(-1)!.body.attachments[0].content;
      expect(cardText(shared)).toContain('Expired: Delete user victim5');
      expect(actionsOf(shared)).toEqual([]);
      expect(shared.refresh).toBeUndefined();
      expect(cardText(t.connector.postedTo(GROUP).at(-1))).toContain(
        'Your request (deleting a user: victim5) expired before another Administrator decided; nothing changed.',
      );

      const late = invokeCard(await click(bea, messageId, button(card, VERBS.approvalApprove)));
      expect(cardText(late)).toContain('This request expired before a decision; nothing changed.');
      expect(await stateOf('victim5')).toBe('enabled');
    } finally {
      t.sb.clock.advance(-25 * HOUR);
      t.connector.personalChats = true;
    }
  });

  it('a request past its expiry but not yet swept is closed by the click itself, and its requester told', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim6', email: 'victim6@example.com' }, 'regular');
    const { card, messageId } = await hold('user delete victim6');
    t.sb.clock.advance(25 * HOUR);
    try {
      const seen = invokeCard(
        await click(bea, messageId, (card.refresh as Record<string, any>).action, {}, 'automatic'),
      );
      expect(actionsOf(seen)).toEqual([]);
      expect(cardText(seen)).toContain('This request has expired');
      const told = t.connector.postedTo('conv-personal-29:ada').length;
      const answer = invokeCard(await click(bea, messageId, button(card, VERBS.approvalApprove)));
      await t.bot.bot.state.background.idle();
      expect(cardText(answer)).toContain('This request expired before a decision; nothing changed.');
      expect(cardText(updatesOf(messageId).at(-1)!.body)).toContain('Expired: Delete user victim6');
      expect(cardText(t.connector.postedTo('conv-personal-29:ada').slice(told))).toContain(
        'expired before another Administrator decided',
      );
      expect(await stateOf('victim6')).toBe('enabled');
    } finally {
      t.sb.clock.advance(-25 * HOUR);
    }
  });

  it('when the approvals conversation refuses the card, the request is kept and the requester told how it can still be approved', async () => {
    await addActor(t.sb, t.acc, { userId: 'victim7', email: 'victim7@example.com' }, 'regular');
    t.connector.removedFrom.add(APPROVALS);
    try {
      await say(personal(t.admin), 'user delete victim7');
      const notice = cardText(t.connector.postedTo('conv-personal-29:ada').at(-1));
      const id = /approvals approve ([0-9a-f-]{36})/.exec(notice)?.[1];
      expect(notice).toContain(
        'Your change waits for approval, but its card could not be posted to the approvals channel',
      );
      const view = (await getApproval(t.sb.deps, id!))!;
      expect(view).toMatchObject({
        state: 'pending',
        messageRef: { platform: 'teams', channel: APPROVALS, message: null, extra: { requesterUser: t.admin.id } },
      });
      expect(t.sb.logs.join('')).toContain('could not post the approval card');

      await say(personal(bea), `approvals approve ${id}`);
      expect(cardText(t.connector.postedTo('conv-personal-29:ada').at(-1))).toContain(
        'was approved by Bea Second and carried out',
      );
      expect(await stateOf('victim7')).toBe('deleted');
    } finally {
      t.connector.removedFrom.delete(APPROVALS);
    }
  });

  it('a change held from a form card (Administrator granted) posts its card too', async () => {
    await addActor(t.sb, t.acc, { userId: 'promo', email: 'promo@example.com' }, 'regular');
    await say(personal(t.admin), 'user permissions promo');
    const form = t.connector.posted().at(-1)!.attachments[0].content;
    const inputs = Object.fromEntries(inputsOf(form).map((i) => [i.id, i.value ?? '']));
    const before = t.connector.postedTo(APPROVALS).length;
    const submit = actionsOf(form).find((a) => a.style === 'positive')!;
    const answer = invokeCard(
      await t.bot.post(
        executeActivity({ ...personal(t.admin), replyToId: 'form-1' }, submit, { ...inputs, administrator: 'true' }),
      ),
    );
    await t.bot.bot.state.background.idle();
    expect(cardText(answer)).toContain('Waiting for approval: granting Administrator');
    expect(t.connector.postedTo(APPROVALS)).toHaveLength(before + 1);
    expect(cardText(t.connector.postedTo(APPROVALS).at(-1))).toContain('Approval needed: Change permissions promo');
  });
});
