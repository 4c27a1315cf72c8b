import { z } from 'zod/v4';
import type { ReviewDto } from '../../domain/dto/review-dto.js';
import { AccessReviewItem } from '../../domain/entities/access-review-item.js';
import { AccessReview } from '../../domain/entities/access-review.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ServiceDeps } from '../context.js';
import { runQuery } from '../run.js';
import { findReview, idRef, itemsOf } from './find.js';
import { toReviewDto } from './review-dto.js';

/** One review of the actor's account with its items and what was decided so far (Administrators). */
export async function reviewProgress(deps: ServiceDeps, actor: Actor, id: string): Promise<ReviewDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'review.show',
      schema: z.object({ review: idRef('review') }),
      async run(data, scope) {
        requireAdministrator(scope.actor, 'see access reviews');
        const review = await findReview(scope, data.review);
        return toReviewDto(review, await itemsOf(scope.em, review));
      },
    },
    { review: id },
  );
}

/** The account's open access reviews, oldest due first, with their items (Administrators). */
export async function listReviews(deps: ServiceDeps, actor: Actor): Promise<ReviewDto[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'review.list',
      schema: z.object({}),
      async run(_data, { em, account, actor: me }) {
        requireAdministrator(me, 'see access reviews');
        const reviews = await em.find(
          AccessReview,
          { account, state: 'open' },
          { populate: ['startedBy', 'closedBy', 'account'], orderBy: { dueAt: 'asc' }, limit: 50 },
        );
        const items = await em.find(
          AccessReviewItem,
          { review: { $in: reviews.map((r) => r.id) } },
          { populate: ['holder', 'decidedBy'] },
        );
        return reviews.map((r) =>
          toReviewDto(
            r,
            items.filter((i) => i.review.id === r.id),
          ),
        );
      },
    },
    {},
  );
}

/**
 * For the console's Tab completion after `review`, `review close` (open reviews) and
 * `review keep|revoke` (their unanswered items, the actor's own left out): the first 8
 * characters of each id. Empty for anyone but an Administrator.
 */
export async function openReviewIds(deps: ServiceDeps, actor: Actor): Promise<{ reviews: string[]; items: string[] }> {
  return runQuery(
    deps,
    actor,
    {
      action: 'review.list',
      schema: z.object({}),
      async run(_data, { em, account, actor: me }) {
        if (!me.administrator) return { reviews: [], items: [] };
        const reviews = await em.find(AccessReview, { account, state: 'open' }, { fields: ['id'], limit: 50 });
        const items = await em.find(
          AccessReviewItem,
          { review: { $in: reviews.map((r) => r.id) }, decision: null, holder: { $ne: me.id } },
          { fields: ['id'], limit: 200 },
        );
        const short = (row: { id: string }) => row.id.slice(0, 8);
        return { reviews: reviews.map(short), items: items.map(short) };
      },
    },
    {},
  );
}
