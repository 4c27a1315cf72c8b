import { z } from 'zod/v4';
import type { ReviewDecided, ReviewDto } from '../src/domain/dto/review-dto.js';
import { GRANT_PERMISSIONS } from '../src/domain/grant-permissions.js';
import { parseDuration } from '../src/lib/duration.js';
import {
  closeReviewOperation,
  keepItemOperation,
  listReviews,
  reviewProgress,
  revokeItemOperation,
  startReviewOperation,
} from '../src/services/reviews/index.js';
import {
  countsText,
  itemCard,
  reviewProgressReply,
  reviewReport,
  reviewsListReply,
} from '../views/replies/review-replies.js';
import { utcMinute } from '../views/replies/time.js';
import { success, type Reply } from '../views/reply.js';
import { flagsOnly } from './args.js';
import { answer } from './run-gated.js';
import { defineCommand, type CommandScope } from './types.js';

const DUE = 'Give --due as a duration such as 7d or 30d (at most 90d)';

/** `<permission> [--due <duration>]`. */
const startArgs = z
  .object({
    positional: z.array(z.string()).max(1, 'Give one permission, e.g. review start admin'),
    flags: flagsOnly(['due']),
  })
  .transform((a, ctx) => {
    const permission = a.positional[0];
    if (!permission) ctx.addIssue({ code: 'custom', message: `Give a permission: ${GRANT_PERMISSIONS.join(', ')}` });
    const due = a.flags.due;
    const dueMs = typeof due === 'string' ? parseDuration(due) : undefined;
    if (due === true) ctx.addIssue({ code: 'custom', message: DUE });
    if (typeof due === 'string' && dueMs === null) ctx.addIssue({ code: 'custom', message: `${DUE}, not "${due}"` });
    return { permission: permission ?? '', dueMs: dueMs ?? undefined };
  });

/** One id, as the word after the command. */
const oneId = (what: string, key: 'review' | 'item') =>
  z
    .object({ positional: z.array(z.string()).length(1, `Give the ${what} id (see \`review\`)`), flags: flagsOnly([]) })
    .transform((a) => ({ [key]: a.positional[0]! }) as Record<typeof key, string>);

export const reviewStartCommand = defineCommand({
  words: ['review', 'start'],
  usage: '<permission> [--due <duration>]',
  summary:
    'start an access review: every holder of a permission (admin, invoices:pay, ...) is listed to keep or revoke, ' +
    'due in 7d unless --due says otherwise',
  permission: 'Administrator',
  args: startArgs,
  async run(ctx, args) {
    const ran = await ctx.run(startReviewOperation, args);
    if (ran.kind === 'done') await ctx.deps.reviewEvents.started.publish([ran.result]);
    return {
      kind: 'reply',
      reply: await answer(ran, (review) => {
        const sentence =
          `Started access review ${review.shortId} of ${review.permission}: ${review.items.length} ` +
          `holder${review.items.length === 1 ? '' : 's'} to keep or revoke by ${utcMinute(review.dueAt)}.`;
        return reviewProgressReply(review, ctx.actor.userId, sentence);
      }),
    };
  },
});

export const reviewCommand = defineCommand({
  words: ['review'],
  usage: '[<id>]',
  summary: 'the open access reviews; with an id, one review with each holder and what was decided',
  permission: 'Administrator',
  args: z
    .object({ positional: z.array(z.string()).max(1, 'Give at most one review id'), flags: flagsOnly([]) })
    .transform((a) => ({ review: a.positional[0] })),
  async run(ctx, args) {
    if (!args.review) return { kind: 'reply', reply: reviewsListReply(await listReviews(ctx.deps, ctx.actor)) };
    const review = await reviewProgress(ctx.deps, ctx.actor, args.review);
    const reply = review.state === 'closed' ? reviewReport(review) : reviewProgressReply(review, ctx.actor.userId);
    return { kind: 'reply', reply };
  },
});

export const reviewCloseCommand = defineCommand({
  words: ['review', 'close'],
  usage: '<id>',
  summary: 'close an access review now: its report (kept, revoked, unanswered) goes to the audit',
  permission: 'Administrator',
  args: oneId('review', 'review'),
  async run(ctx, args) {
    const ran = await ctx.run(closeReviewOperation, args);
    if (ran.kind === 'done') await ctx.deps.reviewEvents.closed.publish([ran.result]);
    return {
      kind: 'reply',
      reply: await answer(ran, (review: ReviewDto): Reply => ({ ...reviewReport(review), tone: 'success' })),
    };
  },
});

/** The reply to a decision: the sentence, the item's card as it is now, and the review's counts. */
function decidedReply(ctx: CommandScope, { review, item }: ReviewDecided): Reply {
  const sentence = item.nothingToRevoke
    ? `Nothing to revoke: ${item.outcome}`
    : `${item.decision === 'keep' ? 'Kept' : 'Revoked'} ${review.permission} of ${item.holder.userId}.`;
  const counts = `Review ${review.shortId}: ${countsText(review.counts)}.`;
  return success(sentence, [
    { type: 'text', text: sentence },
    ...itemCard(review, item, ctx.actor.userId),
    { type: 'text', text: counts },
  ]);
}

/** `review keep|revoke <item id>`. */
function decideCommand(decision: 'keep' | 'revoke') {
  const keep = decision === 'keep';
  return defineCommand({
    words: ['review', decision],
    usage: '<item id>',
    summary: keep
      ? 'keep a holder’s access in an access review (not your own)'
      : 'revoke a holder’s access in an access review: the permission is removed now (not your own)',
    permission: 'Administrator',
    args: oneId('item', 'item'),
    async run(ctx, args) {
      const ran = await ctx.run(keep ? keepItemOperation : revokeItemOperation, args);
      if (ran.kind === 'done') await ctx.deps.reviewEvents.decided.publish([ran.result]);
      return { kind: 'reply', reply: await answer(ran, (decided) => decidedReply(ctx, decided)) };
    },
  });
}

export const reviewKeepCommand = decideCommand('keep');
export const reviewRevokeCommand = decideCommand('revoke');

export const commands = [reviewCommand, reviewStartCommand, reviewKeepCommand, reviewRevokeCommand, reviewCloseCommand];
