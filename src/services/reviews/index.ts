/**
 * Access reviews (DESIGN.md `review`): every holder of one permission listed for the
 * Administrators to keep or revoke, closed by hand or at its due date with a report.
 */
export { recordReviewCard, reviewCardOf } from './cards.js';
export { closeDueReviews, closeReview, closeReviewOperation } from './close.js';
export { keepItemOperation, keepReviewItem, revokeItemOperation, revokeReviewItem } from './decide.js';
export { ReviewEvents } from './events.js';
export { listReviews, openReviewIds, reviewProgress } from './query.js';
export { remindReviewers } from './remind.js';
export type { ReviewDto, ReviewItemDto } from './review-dto.js';
export { DEFAULT_REVIEW_MS, MAX_REVIEW_MS, startReview, startReviewOperation } from './start.js';
