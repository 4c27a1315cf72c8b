import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { idOrPrefix } from '../../db/id-prefix.js';
import { AccessReviewItem } from '../../domain/entities/access-review-item.js';
import { AccessReview } from '../../domain/entities/access-review.js';
import { ServiceError } from '../../domain/errors.js';
import { toReviewDto, type ReviewDto } from './review-dto.js';

type InAccount = { em: EntityManager; account: { id: string } };

/** An id, or the start of one (at least 4 characters), as `review` commands accept it. */
export const idRef = (what: string) =>
  z
    .string({ error: `Give the ${what} id (see \`review\`)` })
    .trim()
    .min(4, `Give the ${what} id, at least its first 4 characters (see \`review\`)`);

/** The review of the account named by its id or the start of it (one match), with who started and closed it. */
export async function findReview(scope: InAccount, ref: string): Promise<AccessReview> {
  const found = await scope.em.find(
    AccessReview,
    { $and: [{ account: scope.account.id }, idOrPrefix<AccessReview>(ref)] },
    { populate: ['startedBy', 'closedBy', 'account'], limit: 2 },
  );
  if (found.length !== 1) {
    throw ServiceError.field('REVIEW.NOT_FOUND', 'review', `No access review ${ref} in this account; see \`review\`.`);
  }
  return found[0]!;
}

/** The item of one of the account's reviews named by its id or the start of it, with its review and people. */
export async function findItem(scope: InAccount, ref: string): Promise<AccessReviewItem> {
  const found = await scope.em.find(
    AccessReviewItem,
    { $and: [{ review: { account: scope.account.id } }, idOrPrefix<AccessReviewItem>(ref)] },
    { populate: ['review', 'holder', 'decidedBy'], limit: 2 },
  );
  if (found.length !== 1) {
    throw ServiceError.field(
      'REVIEW.NOT_FOUND',
      'item',
      `No access review item ${ref} in this account; \`review <id>\` lists a review's items.`,
    );
  }
  return found[0]!;
}

/** The items of a review, with holders and deciders. */
export function itemsOf(em: EntityManager, review: AccessReview): Promise<AccessReviewItem[]> {
  return em.find(AccessReviewItem, { review: review.id }, { populate: ['holder', 'decidedBy'] });
}

/** A review read again (after a conditional update) with its items, as a DTO. */
export async function freshReviewDto(em: EntityManager, id: string): Promise<ReviewDto> {
  const review = await em.findOneOrFail(
    AccessReview,
    { id },
    { populate: ['startedBy', 'closedBy', 'account'], refresh: true },
  );
  const items = await em.find(AccessReviewItem, { review: id }, { populate: ['holder', 'decidedBy'], refresh: true });
  return toReviewDto(review, items);
}
