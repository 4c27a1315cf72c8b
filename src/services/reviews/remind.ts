import { DEFAULT_APPROVAL_POLICY } from '../../domain/approval-policy.js';
import type { ReviewDto } from '../../domain/dto/review-dto.js';
import { AccessReview } from '../../domain/entities/access-review.js';
import type { ServiceDeps } from '../context.js';
import { itemsOf } from './find.js';
import { toReviewDto } from './review-dto.js';

/**
 * The open reviews whose reminder is due, each claimed by one process only, as approvals do
 * (services/approvals/remind.ts): the reminder count and next time move on from the values read
 * (a conditional update that leaves the review's version alone), the next one twice as far off
 * as the last (APPROVAL_REMINDER, then doubling; `off`: none). A review whose items are all
 * answered is not reminded about, and no further reminder is set. Returns the reviews this
 * process claimed with items still unanswered, for the platforms to remind the Administrators.
 */
export async function remindReviewers(deps: ServiceDeps): Promise<ReviewDto[]> {
  const { reminderMs } = deps.settings.approvals ?? DEFAULT_APPROVAL_POLICY;
  const now = deps.clock.now();
  const em = deps.orm.em.fork();
  const due = await em.find(
    AccessReview,
    { state: 'open', nextReminderAt: { $lte: now }, dueAt: { $gt: now } },
    { populate: ['startedBy', 'closedBy', 'account'], limit: 200 },
  );
  const reminded: ReviewDto[] = [];
  for (const review of due) {
    const dto = toReviewDto(review, await itemsOf(em, review));
    const waiting = dto.counts.unanswered > 0;
    const sent = review.remindersSent + 1;
    const next = reminderMs === null || !waiting ? null : new Date(now.getTime() + reminderMs * 2 ** sent);
    const claimed = await em.nativeUpdate(
      AccessReview,
      { id: review.id, state: 'open', remindersSent: review.remindersSent, nextReminderAt: review.nextReminderAt },
      { remindersSent: waiting ? sent : review.remindersSent, nextReminderAt: next },
    );
    if (claimed !== 1 || !waiting) continue;
    reminded.push({ ...dto });
  }
  return reminded;
}
