import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod/v4';
import type { ReviewDto } from '../../domain/dto/review-dto.js';
import { AccessReview } from '../../domain/entities/access-review.js';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { auditEvent, lockAccount, runOperation } from '../run.js';
import { findReview, freshReviewDto, idRef, itemsOf } from './find.js';
import { gainedSince, reportOf } from './report.js';
import { toReviewDto } from './review-dto.js';
import { utcMinuteText } from '../../lib/utc-minute.js';

/**
 * Closes a review, inside the caller's transaction, exactly once: it moves from open only if it
 * is still open (a conditional update on its state), so a close racing the sweeper, or two
 * sweepers, make one report. Items still unanswered stay so and are counted as unanswered; who
 * gained the permission while it was open is listed apart (see `gainedSince`).
 * The caller holds the account's lock (a change's, or the sweeper's), so no decision is in
 * flight while the items are read. Null when someone else closed it first.
 */
async function closeIn(
  em: EntityManager,
  review: AccessReview,
  now: Date,
  closer: PortalUser | null,
): Promise<ReviewDto | null> {
  const open = toReviewDto(review, await itemsOf(em, review));
  const closedBy = closer ? `${closer.name} (${closer.userId})` : 'its due date';
  const report = reportOf(open, closedBy, await gainedSince(em, review, open));
  const claimed = await em.nativeUpdate(
    AccessReview,
    { id: review.id, state: 'open' },
    { state: 'closed', closedAt: now, closedBy: closer?.id ?? null, report, nextReminderAt: null },
  );
  return claimed === 1 ? freshReviewDto(em, review.id) : null;
}

const reviewTarget = (review: { id: string; permission: string }) => ({
  targetType: 'review',
  targetId: review.id,
  targetName: review.permission,
});

export const closeReviewInput = z.object({ review: idRef('review') });

/** An Administrator closes a review now: its report (kept, revoked, unanswered, who decided each) is audited. */
export const closeReviewOperation = defineOperation({
  name: 'review.close',
  label: 'Close access review',
  input: closeReviewInput,
  approval: { rules: [] },
  async run(data, scope) {
    requireAdministrator(scope.actor, 'close access reviews');
    const review = await findReview(scope, data.review);
    scope.target = reviewTarget(review);
    if (review.state !== 'open') {
      const by = review.closedBy ? `by ${review.closedBy.name}` : 'by its due date';
      throw new ServiceError(
        'REVIEW.CLOSED',
        `Review ${review.id.slice(0, 8)} of ${review.permission} was closed already ` +
          `(${by}, ${utcMinuteText(review.closedAt ?? review.dueAt)}); \`review ${review.id.slice(0, 8)}\` shows its report.`,
      );
    }
    const closed = await closeIn(scope.em, review, scope.now, scope.actor);
    if (!closed) {
      throw new ServiceError('REVIEW.CLOSED', `Review ${review.id.slice(0, 8)} has just been closed by someone else.`);
    }
    return { result: closed, before: { state: 'open' }, after: { state: 'closed', report: closed.report } };
  },
});

/**
 * Closes every open review whose due date has passed, each in its own transaction with its
 * `review.close` audit event (actor: Switchboard). Safe in several processes at once; returns
 * the reviews this process closed, for the platforms to post their reports. Each close takes
 * its account's lock first, as a change does (see run.ts), so a keep or revoke in flight ends
 * before the items are read for the report, and one that comes after finds the review closed.
 */
export async function closeDueReviews(deps: ServiceDeps): Promise<ReviewDto[]> {
  const now = deps.clock.now();
  const due = await deps.orm.em
    .fork()
    .find(AccessReview, { state: 'open', dueAt: { $lte: now } }, { fields: ['id', 'account'], limit: 200 });
  const closed: ReviewDto[] = [];
  for (const { id, account } of due) {
    const done = await deps.orm.em.fork().transactional(async (tx) => {
      await lockAccount(tx, account.id);
      const review = await tx.findOne(AccessReview, { id, state: 'open' }, { populate: ['startedBy', 'account'] });
      const result = review ? await closeIn(tx, review, now, null) : null;
      if (result) tx.persist(closeAudit(result, now));
      return result;
    });
    if (done) closed.push(done);
  }
  return closed;
}

/** The audit event of a review closed by its due date (a close by hand is audited as its operation). */
function closeAudit(review: ReviewDto, now: Date) {
  return auditEvent(
    {
      accountId: review.accountId,
      actorId: null,
      actorName: 'Switchboard',
      platform: 'system',
      action: 'review.close',
      outcome: 'success',
      ...reviewTarget(review),
      before: { state: 'open' },
      after: { state: 'closed', report: review.report },
    },
    now,
  );
}

/** Closes a review at once, ungated (the front ends go through `ctx.run`). */
export const closeReview = (deps: ServiceDeps, actor: Actor, input: z.input<typeof closeReviewInput>) =>
  runOperation(deps, actor, closeReviewOperation, input);
