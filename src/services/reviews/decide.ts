import { z } from 'zod/v4';
import type { ReviewDecided } from '../../domain/dto/review-dto.js';
import { AccessReviewItem, type ReviewDecision } from '../../domain/entities/access-review-item.js';
import { ServiceError } from '../../domain/errors.js';
import { holdsPermission, parseGrantPermission, type GrantPermission } from '../../domain/grant-permissions.js';
import { revokedValue } from '../../domain/review-permissions.js';
import { utcMinuteText } from '../../lib/utc-minute.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ChangeResult, ChangeScope, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { setPermissionsOperation } from '../users/profile.js';
import { permissionsOf, userSnapshot, userTarget } from '../users/user-dto.js';
import { findItem, freshReviewDto, idRef } from './find.js';

export const decideItemInput = z.object({ item: idRef('item') });

/** An item read for deciding: open review, not the actor's own access, not decided yet. */
async function itemToDecide(scope: ChangeScope, ref: string): Promise<AccessReviewItem> {
  requireAdministrator(scope.actor, 'decide access reviews');
  const item = await findItem(scope, ref);
  scope.target = userTarget(item.holder);
  const review = item.review;
  if (review.state !== 'open') {
    throw new ServiceError(
      'REVIEW.CLOSED',
      `Review ${review.id.slice(0, 8)} of ${review.permission} is closed; its items can no longer be decided.`,
    );
  }
  if (item.holder.id === scope.actor.id) {
    throw new ServiceError(
      'REVIEW.OWN_ACCESS',
      `This item is your own ${review.permission} access: another Administrator decides whether you keep it.`,
    );
  }
  if (item.decision) throw alreadyDecided(item);
  return item;
}

function alreadyDecided(item: AccessReviewItem): ServiceError {
  const who = item.decidedBy ? `${item.decidedBy.name} (${item.decidedBy.userId})` : 'someone';
  const when = item.decidedAt ? ` at ${utcMinuteText(item.decidedAt)}` : '';
  return new ServiceError(
    'REVIEW.ALREADY_DECIDED',
    `${who} already decided to ${item.decision} ${item.holder.userId}'s ${item.review.permission}${when}; nothing changed.`,
  );
}

/**
 * Records the decision exactly once: the item moves from undecided only if nobody decided it
 * since it was read (a conditional update on `decision` null and `version`), so two clicks or
 * two replicas make one decision; the loser is told who decided.
 */
async function claim(
  scope: ChangeScope,
  item: AccessReviewItem,
  decision: ReviewDecision,
  outcome: string,
  nothingToRevoke = false,
) {
  const claimed = await scope.em.nativeUpdate(
    AccessReviewItem,
    { id: item.id, decision: null, version: item.version },
    { decision, decidedBy: scope.actor.id, decidedAt: scope.now, outcome, nothingToRevoke, version: item.version + 1 },
  );
  if (claimed !== 1) {
    const now = await scope.em.refresh(item, { populate: ['review', 'holder', 'decidedBy'] });
    throw alreadyDecided(now ?? item);
  }
}

/** The review after a decision, and the item decided, read again inside the transaction. */
async function decided(scope: ChangeScope, item: AccessReviewItem): Promise<ReviewDecided> {
  const review = await freshReviewDto(scope.em, item.review.id);
  return { review, item: review.items.find((i) => i.id === item.id)! };
}

/** Keeps a holder's access: recorded, nothing else changes. */
export const keepItemOperation = defineOperation({
  name: 'review.keep',
  label: 'Keep access (review)',
  input: decideItemInput,
  approval: { rules: [] },
  async run(data, scope): Promise<ChangeResult<ReviewDecided>> {
    const item = await itemToDecide(scope, data.item);
    const outcome = `Kept ${item.review.permission}.`;
    await claim(scope, item, 'keep', outcome);
    const result = await decided(scope, item);
    return { result, before: { decision: null }, after: { review: item.review.id, decision: 'keep', outcome } };
  },
});

/**
 * Revokes a holder's access: the permission is removed (see `revokedValue`) through the
 * `user.permissions` operation's own change, in this transaction, so its rules hold: the last
 * enabled Administrator is not demoted (the refusal leaves the item unanswered), and only users
 * that can be changed are. The audit event, under the holder, has their permissions before and
 * after, which is what the approval policy judges: `administrators` as for `user permissions`.
 * Lowering a permission falls under no rule of the policy today, so a revoke is carried out at
 * once; were a rule to hold it, it would wait as an approval request and the item would stay
 * unanswered until that request is carried out. A holder who no longer has the permission, or
 * was deleted since, is recorded as revoked with nothing to revoke (`nothingToRevoke`): the
 * review counts it apart from the revokes that took the permission away.
 */
export const revokeItemOperation = defineOperation({
  name: 'review.revoke',
  label: 'Revoke access (review)',
  input: decideItemInput,
  approval: { rules: ['administrators'] },
  async run(data, scope): Promise<ChangeResult<ReviewDecided>> {
    const item = await itemToDecide(scope, data.item);
    const permission = parseGrantPermission(item.review.permission) as GrantPermission;
    const holder = item.holder;
    await scope.em.populate(holder, ['sites']);
    const before = userSnapshot(holder);
    const lowered = revokedValue(permission);
    const current = permissionsOf(holder)[permission.field];
    const untouched =
      holder.state === 'deleted'
        ? `${holder.userId} has been deleted since; nothing to revoke.`
        : !holdsPermission(permissionsOf(holder), permission)
          ? `${holder.userId} no longer holds it (now ${String(current)}); nothing changed.`
          : null;
    const outcome =
      untouched ?? `Revoked ${permission.text}: ${permission.field} ${String(current)} → ${String(lowered)}.`;
    await claim(scope, item, 'revoke', outcome, untouched !== null);
    if (!untouched) {
      const input = { user: holder.userId, permissions: { [permission.field]: lowered } };
      await setPermissionsOperation.run(setPermissionsOperation.input.parse(input), scope);
    }
    scope.target = userTarget(holder);
    const result = await decided(scope, item);
    return {
      result,
      before,
      after: { ...userSnapshot(holder), review: item.review.id, decision: 'revoke', outcome },
    };
  },
});

/** Keeps an item at once, ungated (the front ends go through `ctx.run`). */
export const keepReviewItem = (deps: ServiceDeps, actor: Actor, input: z.input<typeof decideItemInput>) =>
  runOperation(deps, actor, keepItemOperation, input);
/** Revokes an item at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const revokeReviewItem = (deps: ServiceDeps, actor: Actor, input: z.input<typeof decideItemInput>) =>
  runOperation(deps, actor, revokeItemOperation, input);
