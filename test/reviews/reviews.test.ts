import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessReview } from '../../src/domain/entities/access-review.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { isServiceError } from '../../src/domain/errors.js';
import { submitChange } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import type { AnyOperation } from '../../src/services/operation.js';
import {
  closeDueReviews,
  closeReviewOperation,
  keepItemOperation,
  listReviews,
  recordReviewCard,
  remindReviewers,
  reviewCardOf,
  reviewProgress,
  revokeItemOperation,
  startReviewOperation,
  type ReviewDto,
} from '../../src/services/reviews/index.js';
import { runOperation } from '../../src/services/run.js';
import { addActor, DAY, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** Runs an operation through the approval gate, as `ctx.run` does; the result when done. */
async function run<T>(actor: Actor, operation: AnyOperation, input: unknown): Promise<T> {
  const outcome = await submitChange(sb.deps, actor, operation, input);
  if (outcome.kind !== 'done') throw new Error(`held: ${outcome.approval.reason}`);
  return outcome.result as T;
}

/** The refusal's message (and code) of a change that must fail. */
async function refusal(actor: Actor, operation: AnyOperation, input: unknown): Promise<string> {
  try {
    await run(actor, operation, input);
  } catch (error) {
    if (isServiceError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error(`${operation.name} was not refused`);
}

/** An account with two Administrators, a payer (invoices:pay, not admin) and a reader. */
async function cast() {
  const acc = await newAccount(sb);
  const second = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
  const payer = await addActor(sb, acc, { userId: 'paula', email: 'paula@example.com', invoices: 'pay' }, 'regular');
  const reader = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
  const user = (userId: string) =>
    sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });
  const audits = (action: string) => sb.orm.em.fork().find(AuditEvent, { accountId: acc.account.id, action });
  return { acc, admin: acc.actor, second: second.actor, payer, reader, user, audits };
}

const itemOf = (review: ReviewDto, userId: string) => review.items.find((i) => i.holder.userId === userId)!;

describe('an access review from start to report', () => {
  it('lists the holders, keeps and revokes once each, refuses one’s own and the last Administrator, reports', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'admin' });
    expect(started.items.map((i) => i.holder.userId)).toEqual(['admin1', 'admin2']);
    expect(started.counts).toEqual({ kept: 0, revoked: 0, unanswered: 2 });
    expect(started.dueAt.getTime() - started.startedAt.getTime()).toBe(7 * DAY);
    expect(started.platform).toBe('slack');

    // Nobody decides on their own access.
    const own = await refusal(c.admin, keepItemOperation, { item: itemOf(started, 'admin1').id });
    expect(own).toMatch(/REVIEW.OWN_ACCESS: This item is your own admin access: another Administrator decides/);

    // admin1 keeps admin2; a second click (or replica) changes nothing and says who decided.
    const kept = await run<{ review: ReviewDto }>(c.admin, keepItemOperation, {
      item: itemOf(started, 'admin2').shortId,
    });
    expect(kept.review.counts).toEqual({ kept: 1, revoked: 0, unanswered: 1 });
    expect(itemOf(kept.review, 'admin2').decidedBy?.userId).toBe('admin1');
    const again = await refusal(c.admin, revokeItemOperation, { item: itemOf(started, 'admin2').id });
    expect(again).toMatch(
      /REVIEW.ALREADY_DECIDED: Ada Admin \(admin1\) already decided to keep admin2's admin at .* UTC; nothing changed/,
    );
    expect((await c.user('admin2')).administrator).toBe(true);

    // admin2 revokes admin1: lowered through user.permissions, audited under admin1.
    const revoked = await run<{ review: ReviewDto }>(c.second, revokeItemOperation, {
      item: itemOf(started, 'admin1').id,
    });
    expect(itemOf(revoked.review, 'admin1').outcome).toBe('Revoked admin: administrator true → false.');
    expect((await c.user('admin1')).administrator).toBe(false);
    const audit = (await c.audits('review.revoke')).find((a) => a.outcome === 'success');
    expect((await c.audits('review.revoke')).map((a) => a.outcome).sort()).toEqual(['refused', 'success']);
    expect(audit).toMatchObject({ targetName: 'admin1', outcome: 'success', actorName: 'Test User' });
    expect((audit!.before as { permissions: { administrator: boolean } }).permissions.administrator).toBe(true);
    expect((audit!.after as { permissions: { administrator: boolean } }).permissions.administrator).toBe(false);

    const progress = await reviewProgress(sb.deps, c.second, started.shortId);
    expect(progress.counts).toEqual({ kept: 1, revoked: 1, unanswered: 0 });
    expect((await listReviews(sb.deps, c.second)).map((r) => r.id)).toEqual([started.id]);

    // admin1 is no Administrator any more: closing is for admin2.
    const forbidden = await refusal(c.admin, closeReviewOperation, { review: started.id });
    expect(forbidden).toMatch(/AUTH.FORBIDDEN: Only portal Administrators can close access reviews/);
    const closed = await run<ReviewDto>(c.second, closeReviewOperation, { review: started.shortId });
    expect(closed.state).toBe('closed');
    expect(closed.closedBy?.userId).toBe('admin2');
    expect(closed.report).toMatchObject({ kept: 1, revoked: 1, unanswered: 0, closedBy: 'Test User (admin2)' });
    expect(closed.report!.lines.map((l) => [l.userId, l.decision, l.decidedBy])).toEqual([
      ['admin1', 'revoke', 'Test User (admin2)'],
      ['admin2', 'keep', 'Ada Admin (admin1)'],
    ]);
    const closeAudit = (await c.audits('review.close')).find((a) => a.outcome === 'success');
    expect(closeAudit).toMatchObject({ actorName: 'Test User', targetType: 'review', targetId: started.id });
    expect((closeAudit!.after as { report: { revoked: number } }).report.revoked).toBe(1);
    expect(await listReviews(sb.deps, c.second)).toEqual([]);
    const twice = await refusal(c.second, closeReviewOperation, { review: started.id });
    expect(twice).toMatch(/REVIEW.CLOSED: Review .{8} of admin was closed already \(by Test User, /);
    const late = await refusal(c.second, keepItemOperation, { item: itemOf(started, 'admin1').id });
    expect(late).toMatch(/REVIEW.CLOSED: .* is closed; its items can no longer be decided/);
  });

  it('a revoke obeys the last-Administrator rule: the usual refusal, the item unanswered, nothing changed', async () => {
    // The decider is always an enabled Administrator other than the holder, so the holder is never the
    // last one in a straight line; the rule is shown by the decider's own Administrator being gone
    // inside the transaction (as a concurrent demotion would leave it, were the account not locked).
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'admin' });
    const item = itemOf(started, 'admin2');
    const error = await runOperation(
      sb.deps,
      c.admin,
      revokeItemOperation,
      { item: item.id },
      {
        inTransaction: async (scope) => {
          await scope.em.nativeUpdate(PortalUser, { id: scope.actor.id }, { administrator: false });
        },
      },
    ).catch((e: unknown) => e);
    expect(isServiceError(error) && `${error.code}: ${error.message}`).toMatch(
      /USER.LAST_ADMIN: admin2 is the last enabled Administrator of .*, so you cannot demote them; make another user an Administrator first/,
    );
    expect((await c.user('admin2')).administrator).toBe(true);
    expect((await c.user('admin1')).administrator).toBe(true);
    const progress = await reviewProgress(sb.deps, c.admin, started.id);
    expect(itemOf(progress, 'admin2').decision).toBeNull();
    const refused = await c.audits('review.revoke');
    expect(refused.map((a) => a.outcome)).toEqual(['refused']);
  });
});
