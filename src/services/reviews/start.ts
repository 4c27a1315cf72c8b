import { z } from 'zod/v4';
import { AccessReviewItem } from '../../domain/entities/access-review-item.js';
import { AccessReview } from '../../domain/entities/access-review.js';
import { DEFAULT_APPROVAL_POLICY } from '../../domain/approval-policy.js';
import { ServiceError } from '../../domain/errors.js';
import { parseGrantPermission, type GrantPermission } from '../../domain/grant-permissions.js';
import { formatDuration } from '../../lib/duration.js';
import { requireAdministrator } from '../authorize.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import type { Actor, ServiceDeps } from '../context.js';
import { holdersOf } from './holders.js';
import { toReviewDto, type ReviewDto } from './review-dto.js';
import { utcMinuteText } from '../../lib/utc-minute.js';

/** How long a review stays open when no due date is given. */
export const DEFAULT_REVIEW_MS = 7 * 86_400_000;
/** The longest a review may stay open. */
export const MAX_REVIEW_MS = 90 * 86_400_000;

export const startReviewInput = z.object({
  permission: z
    .string({ error: 'Give the permission to review, such as admin or invoices:pay' })
    .trim()
    .min(1, 'Give the permission to review, such as admin or invoices:pay'),
  dueMs: z
    .number({ error: 'Give when it is due as a duration, such as 7d' })
    .int()
    .positive('Give when it is due as a duration, such as 7d')
    .default(DEFAULT_REVIEW_MS),
});

/** The permission named, or a field error listing the ones there are. */
export function reviewPermission(text: string): GrantPermission {
  const parsed = parseGrantPermission(text);
  if (typeof parsed === 'string') throw ServiceError.field('REVIEW.UNKNOWN_PERMISSION', 'permission', parsed);
  return parsed;
}

/**
 * An Administrator starts an access review of one permission (`admin`, `invoices:pay`, ...): every
 * user of the account who holds it now (see domain/review-permissions.ts for who counts) becomes
 * an item for the Administrators to keep or revoke until it is closed, by hand or at its due date
 * (7 days unless `dueMs` says otherwise, at most 90). Refused when nobody holds the permission, and
 * when a review of it is open already in the account (one at a time; the account lock of the
 * change serialises two starts). Reminders about unanswered items follow APPROVAL_REMINDER.
 */
export const startReviewOperation = defineOperation({
  name: 'review.start',
  label: 'Start access review',
  input: startReviewInput,
  approval: { rules: [] },
  async run(data, scope) {
    const { em, account, now, actor } = scope;
    requireAdministrator(actor, 'start access reviews');
    const permission = reviewPermission(data.permission);
    scope.target = { targetType: 'review', targetId: permission.text, targetName: permission.text };
    if (data.dueMs > MAX_REVIEW_MS) {
      throw ServiceError.field(
        'REVIEW.DUE_TOO_LONG',
        'due',
        `A review is due within ${formatDuration(MAX_REVIEW_MS)}; give --due ${formatDuration(MAX_REVIEW_MS)} or less ` +
          `(not ${formatDuration(data.dueMs)}).`,
      );
    }
    const open = await em.findOne(AccessReview, { account, permission: permission.text, state: 'open' });
    if (open) {
      throw ServiceError.field(
        'REVIEW.ALREADY_OPEN',
        'permission',
        `A review of ${permission.text} is open already (${open.id.slice(0, 8)}, due ${utcMinuteText(open.dueAt)}); ` +
          `finish it with \`review close ${open.id.slice(0, 8)}\` before starting another.`,
      );
    }
    const holders = await holdersOf(em, account.id, permission);
    if (holders.length === 0) {
      throw ServiceError.field(
        'REVIEW.NO_HOLDERS',
        'permission',
        `Nobody in ${account.name} holds ${permission.text} (no user who is not deleted has it), so there is nothing to review.`,
      );
    }
    const { reminderMs } = scope.deps.settings.approvals ?? DEFAULT_APPROVAL_POLICY;
    const review = Object.assign(new AccessReview(), {
      account,
      permission: permission.text,
      field: permission.field,
      level: String(permission.value),
      startedBy: actor,
      platform: scope.platform ?? 'system',
      startedAt: now,
      dueAt: new Date(now.getTime() + data.dueMs),
      nextReminderAt: reminderMs === null ? null : new Date(now.getTime() + reminderMs),
    });
    const items = holders.map((holder) =>
      Object.assign(new AccessReviewItem(), { review, holder, valueAtStart: String(holder[permission.field]) }),
    );
    em.persist([review, ...items]);
    await em.flush();
    scope.target = { targetType: 'review', targetId: review.id, targetName: permission.text };
    const dto: ReviewDto = toReviewDto(review, items);
    return {
      result: dto,
      before: null,
      after: {
        permission: permission.text,
        due: dto.dueAt.toISOString(),
        holders: dto.items.map((i) => `${i.holder.userId} (${i.valueAtStart})`),
      },
    };
  },
});

/** Starts a review at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const startReview = (deps: ServiceDeps, actor: Actor, input: z.input<typeof startReviewInput>) =>
  runOperation(deps, actor, startReviewOperation, input);
