import type { ReviewDto, ReviewItemDto } from '../../domain/dto/review-dto.js';
import { AccessReviewItem } from '../../domain/entities/access-review-item.js';
import { AccessReview, type ReviewCardRef } from '../../domain/entities/access-review.js';
import type { ServiceDeps } from '../context.js';
import { freshReviewDto } from './find.js';

/**
 * Records where an item's card was posted (by a chat adapter, after `started`), in its review's
 * `cards` map. Concurrent records for other items of the same review are all kept: the map is
 * written back only over the version read, and read again when someone wrote it first.
 * False when the item does not exist.
 */
export async function recordReviewCard(deps: ServiceDeps, itemId: string, ref: ReviewCardRef): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const em = deps.orm.em.fork();
    const item = await em.findOne(AccessReviewItem, { id: itemId }, { populate: ['review'] });
    if (!item) return false;
    const review = item.review;
    const written = await em.nativeUpdate(
      AccessReview,
      { id: review.id, version: review.version },
      { cards: { ...review.cards, [itemId]: ref }, version: review.version + 1 },
    );
    if (written === 1) return true;
  }
  throw new Error(`could not record the card of access review item ${itemId}: the review kept changing`);
}

/** An item's card as recorded, with the item and its review as they are now (to update the card); null if none. */
export async function reviewCardOf(
  deps: ServiceDeps,
  itemId: string,
): Promise<{ review: ReviewDto; item: ReviewItemDto; card: ReviewCardRef | null } | null> {
  const em = deps.orm.em.fork();
  const item = await em.findOne(AccessReviewItem, { id: itemId }, { fields: ['id', 'review'] });
  if (!item) return null;
  const review = await freshReviewDto(em, item.review.id);
  return { review, item: review.items.find((i) => i.id === itemId)!, card: review.cards[itemId] ?? null };
}
