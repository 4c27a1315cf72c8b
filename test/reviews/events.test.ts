import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, type CommandContext } from '../../commands/index.js';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import type { ReviewDecided, ReviewDto } from '../../src/domain/dto/review-dto.js';
import { itemCard, reviewReminderNotice } from '../../views/replies/review-replies.js';
import type { Reply } from '../../views/reply.js';
import { addActor, DAY, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** Everything `reviewEvents` published while the test ran. */
function listen() {
  const heard = { started: [] as ReviewDto[], decided: [] as ReviewDecided[], reminders: [] as ReviewDto[] };
  const closed: ReviewDto[] = [];
  const { reviewEvents } = sb.deps;
  const stops = [
    reviewEvents.started.subscribe(async (r) => void heard.started.push(...r)),
    reviewEvents.decided.subscribe(async (r) => void heard.decided.push(...r)),
    reviewEvents.reminders.subscribe(async (r) => void heard.reminders.push(...r)),
    reviewEvents.closed.subscribe(async (r) => void closed.push(...r)),
  ];
  return { ...heard, closed, stop: () => stops.forEach((s) => s()) };
}

const replyOf = async (ctx: CommandContext, line: string) =>
  ((await runCommandLine(ctx, line, { prefix: '/portal ' })) as { reply: Reply }).reply;

describe('review events for the chat adapters', () => {
  it('publishes started, decided and closed from the commands, and the sweeper’s reminders and closes', async () => {
    const acc = await newAccount(sb);
    const second = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const ctx: CommandContext = { deps: sb.deps, actor: acc.actor };
    const heard = listen();
    try {
      const started = await replyOf(ctx, 'review start admin --due 1d');
      expect(started.tone).toBe('success');
      expect(heard.started).toHaveLength(1);
      const review = heard.started[0]!;
      expect(review).toMatchObject({ permission: 'admin', platform: 'slack', state: 'open' });
      expect(review.items.map((i) => i.holder.userId)).toEqual(['admin1', 'admin2']);
      const mine = review.items.find((i) => i.holder.userId === 'admin1')!;
      const theirs = review.items.find((i) => i.holder.userId === 'admin2')!;
      // The starter's reply: buttons on the other holder's card only.
      const actions = started.blocks.filter((b) => b.type === 'actions');
      expect(actions).toHaveLength(1);
      expect(JSON.stringify(actions)).toContain(`review keep ${theirs.id}`);

      await replyOf(ctx, `review keep ${theirs.id}`);
      expect(heard.decided.map((d) => [d.item.id, d.item.decision, d.review.counts.kept])).toEqual([
        [theirs.id, 'keep', 1],
      ]);
      const refused = await replyOf(ctx, `review keep ${mine.shortId}`);
      expect(refused).toMatchObject({ tone: 'error' });
      expect(heard.decided).toHaveLength(1);

      sb.clock.advance(HOUR);
      const sweeper = new ApprovalSweeper(sb.deps, sb.deps.logger);
      await sweeper.runOnce();
      expect(heard.reminders.map((r) => [r.id, r.counts.unanswered])).toEqual([[review.id, 1]]);
      expect(reviewReminderNotice(heard.reminders[0]!).summary).toMatch(
        new RegExp(`Access review ${review.shortId} of admin still has 1 unanswered item; it closes`),
      );
      sb.clock.advance(DAY);
      await sweeper.runOnce();
      await sweeper.runOnce();
      expect(heard.closed.map((r) => [r.id, r.report?.unanswered, r.report?.kept])).toEqual([[review.id, 1, 1]]);
      expect(heard.reminders).toHaveLength(1);
      const shown = await replyOf({ deps: sb.deps, actor: second.actor }, `review ${review.shortId}`);
      expect(shown.summary).toMatch(/closed by its due date: 1 kept, 0 revoked, 1 unanswered\./);
    } finally {
      heard.stop();
    }
  });
});

describe('an item’s card', () => {
  it('has Keep (primary) and Revoke (danger, confirmed) until decided, then the decision and who made it', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'paula', email: 'paula@example.com', invoices: 'pay' }, 'regular');
    const ctx: CommandContext = { deps: sb.deps, actor: acc.actor };
    const heard = listen();
    try {
      await replyOf(ctx, 'review start invoices:pay');
      const review = heard.started[0]!;
      const paula = review.items.find((i) => i.holder.userId === 'paula')!;
      const card = itemCard(review, paula, acc.admin.id);
      const started = review.startedAt.toISOString().slice(0, 16).replace('T', ' ');
      expect(card[0]).toEqual({
        type: 'text',
        text: `Test User (paula), paula@example.com, holds invoices:pay: pay when the review started, ${started} UTC (item ${paula.shortId})`,
      });
      expect(card[1]).toEqual({
        type: 'actions',
        actions: [
          { label: 'Keep', command: `review keep ${paula.id}`, style: 'primary' },
          {
            label: 'Revoke',
            command: `review revoke ${paula.id}`,
            style: 'danger',
            confirm: {
              title: 'Revoke invoices:pay?',
              text: 'Test User (paula) loses invoices:pay now.',
              yes: 'Revoke',
            },
          },
        ],
      });
      const own = itemCard(review, paula, paula.holder.id);
      expect(own.some((b) => b.type === 'actions')).toBe(false);

      const revoked = await replyOf(ctx, `review revoke ${paula.shortId}`);
      expect(revoked.summary).toBe('Revoked invoices:pay of paula.');
      const after = heard.decided[0]!;
      const decidedCard = itemCard(after.review, after.item, acc.admin.id);
      expect(decidedCard.some((b) => b.type === 'actions')).toBe(false);
      expect(decidedCard[1]).toMatchObject({
        type: 'text',
        text: expect.stringMatching(
          /^Revoked by Ada Admin \(admin1\) at .* UTC: Revoked invoices:pay: invoices pay → view\.$/,
        ),
      });
    } finally {
      heard.stop();
    }
  });
});
