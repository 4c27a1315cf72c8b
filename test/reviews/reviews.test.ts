import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDecided } from '../../src/domain/dto/review-dto.js';
import { AccessReview } from '../../src/domain/entities/access-review.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { isServiceError } from '../../src/domain/errors.js';
import { submitChange } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import type { AnyOperation } from '../../src/services/operation.js';
import {
  openReviewIds,
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
import { itemCard, reviewReport } from '../../views/replies/review-replies.js';
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
  it('lists the holders, keeps and revokes once each, refuses one’s own and a second decision, reports', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'admin' });
    expect(started.items.map((i) => i.holder.userId)).toEqual(['admin1', 'admin2']);
    expect(await openReviewIds(sb.deps, c.admin)).toEqual({
      reviews: [started.shortId],
      items: [itemOf(started, 'admin2').shortId],
    });
    expect(started.counts).toEqual({ kept: 0, revoked: 0, nothingToRevoke: 0, unanswered: 2 });
    expect(started.dueAt.getTime() - started.startedAt.getTime()).toBe(7 * DAY);
    expect(started.platform).toBe('slack');

    // Nobody decides on their own access.
    const own = await refusal(c.admin, keepItemOperation, { item: itemOf(started, 'admin1').id });
    expect(own).toMatch(/REVIEW.OWN_ACCESS: This item is your own admin access: another Administrator decides/);

    // admin1 keeps admin2; a second click (or replica) changes nothing and says who decided.
    const kept = await run<{ review: ReviewDto }>(c.admin, keepItemOperation, {
      item: itemOf(started, 'admin2').shortId,
    });
    expect(kept.review.counts).toEqual({ kept: 1, revoked: 0, nothingToRevoke: 0, unanswered: 1 });
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
    expect(progress.counts).toEqual({ kept: 1, revoked: 1, nothingToRevoke: 0, unanswered: 0 });
    expect((await listReviews(sb.deps, c.second)).map((r) => r.id)).toEqual([started.id]);
    expect(await openReviewIds(sb.deps, c.second)).toEqual({ reviews: [started.shortId], items: [] });

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

describe('what a report tells apart', () => {
  it('revokes that found nothing to revoke, and who gained the permission while it was open', async () => {
    const c = await cast();
    const pete = await addActor(sb, c.acc, { userId: 'pete', email: 'pete@example.com', invoices: 'pay' }, 'regular');
    const pat = await addActor(sb, c.acc, { userId: 'pat', email: 'pat@example.com', invoices: 'pay' }, 'regular');
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'invoices:pay' });
    // While it is open: pete is deleted, pat lowered to view, nora and (deleted) gus gain pay.
    const em = sb.orm.em.fork();
    await em.nativeUpdate(PortalUser, { id: pete.user.id }, { state: 'deleted', emailKey: null });
    await em.nativeUpdate(PortalUser, { id: pat.user.id }, { invoices: 'view' });
    await addActor(sb, c.acc, { userId: 'nora', email: 'nora@example.com', invoices: 'pay' }, 'regular');
    const gus = await addActor(sb, c.acc, { userId: 'gus', email: 'gus@example.com', invoices: 'pay' }, 'regular');
    await em.nativeUpdate(PortalUser, { id: gus.user.id }, { state: 'deleted', emailKey: null });

    const gone = await run<ReviewDecided>(c.admin, revokeItemOperation, { item: itemOf(started, 'pete').id });
    expect(gone.item).toMatchObject({
      decision: 'revoke',
      nothingToRevoke: true,
      outcome: 'pete has been deleted since; nothing to revoke.',
    });
    const lowered = await run<ReviewDecided>(c.admin, revokeItemOperation, { item: itemOf(started, 'pat').id });
    expect(lowered.item).toMatchObject({
      nothingToRevoke: true,
      outcome: 'pat no longer holds it (now view); nothing changed.',
    });
    const real = await run<ReviewDecided>(c.admin, revokeItemOperation, { item: itemOf(started, 'paula').id });
    expect(real.item.nothingToRevoke).toBe(false);
    expect(real.review.counts).toEqual({ kept: 0, revoked: 1, nothingToRevoke: 2, unanswered: 2 });

    const closed = await run<ReviewDto>(c.admin, closeReviewOperation, { review: started.id });
    expect(closed.report).toMatchObject({ kept: 0, revoked: 1, nothingToRevoke: 2, unanswered: 2 });
    expect(closed.report!.lines.map((l) => [l.userId, l.decision, l.nothingToRevoke])).toEqual([
      ['admin1', null, false],
      ['admin2', null, false],
      ['pat', 'revoke', true],
      ['paula', 'revoke', false],
      ['pete', 'revoke', true],
    ]);
    expect(closed.report!.gainedSince).toEqual([
      { userId: 'nora', name: 'Test User', email: 'nora@example.com', value: 'pay' },
    ]);
    const audit = (await c.audits('review.close')).find((a) => a.outcome === 'success');
    expect((audit!.after as { report: unknown }).report).toEqual(closed.report);

    // The report as every front end renders it.
    const reply = reviewReport(closed);
    expect(reply.summary).toBe(
      `Access review ${closed.shortId} of invoices:pay closed by Ada Admin (admin1): ` +
        '0 kept, 1 revoked, 2 with nothing to revoke, 2 unanswered. ' +
        'nora gained invoices:pay since it started (not reviewed).',
    );
    const [holders, gained] = reply.blocks.flatMap((b) => (b.type === 'table' ? [b.rows] : []));
    expect(holders!.map((r) => `${r[0]}: ${r[4]}`)).toEqual([
      'admin1: unanswered',
      'admin2: unanswered',
      'pat: nothing to revoke',
      'paula: revoked',
      'pete: nothing to revoke',
    ]);
    expect(gained).toEqual([['nora', 'Test User', 'nora@example.com', 'pay']]);
    expect(itemCard(closed, itemOf(closed, 'pete')).at(-1)).toMatchObject({
      text: expect.stringMatching(
        /^Revoke by Ada Admin \(admin1\) at .*: pete has been deleted since; nothing to revoke\.$/,
      ),
    });
    // A report written before these were told apart (no such count, nobody listed) reads as it did.
    const old = { ...closed, report: { kept: 1, revoked: 1, unanswered: 0, closedBy: 'its due date', lines: [] } };
    expect(reviewReport(old).summary).toMatch(/closed by its due date: 1 kept, 1 revoked, 0 unanswered\.$/);
  });
});

describe('who holds a permission, and the refusals of review start', () => {
  it('counts view holders at view or above, and top levels exactly; deleted users are not holders', async () => {
    const c = await cast();
    const em = sb.orm.em.fork();
    const gone = await addActor(sb, c.acc, { userId: 'gone', email: 'gone@example.com', invoices: 'pay' }, 'regular');
    await em.nativeUpdate(PortalUser, { id: gone.user.id }, { state: 'deleted', emailKey: null });
    const pay = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'invoices:pay' });
    expect(pay.items.map((i) => [i.holder.userId, i.valueAtStart])).toEqual([
      ['admin1', 'pay'],
      ['admin2', 'pay'],
      ['paula', 'pay'],
    ]);
    const view = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'orders:view', dueMs: 2 * DAY });
    expect(view.items.map((i) => [i.holder.userId, i.valueAtStart])).toEqual([
      ['admin1', 'manage'],
      ['admin2', 'manage'],
      ['paula', 'manage'],
      ['rita', 'view'],
    ]);
    expect(view.dueAt.getTime() - view.startedAt.getTime()).toBe(2 * DAY);
    // Revoking a view permission hides it; a pay permission drops to view.
    await run(c.admin, revokeItemOperation, { item: itemOf(view, 'rita').id });
    expect((await c.user('rita')).orders).toBe('hide');
    await run(c.admin, revokeItemOperation, { item: itemOf(pay, 'paula').id });
    expect((await c.user('paula')).invoices).toBe('view');
  });

  it('says what is wrong: an unknown permission, nobody holding it, one open already, too long a due date', async () => {
    const c = await cast();
    expect(await refusal(c.admin, startReviewOperation, { permission: 'invoices:approve' })).toBe(
      'REVIEW.UNKNOWN_PERMISSION: Give invoices a level: invoices:view or invoices:pay',
    );
    expect(await refusal(c.admin, startReviewOperation, { permission: 'root' })).toMatch(
      /^REVIEW.UNKNOWN_PERMISSION: "root" is not a permission; give one of admin, invoices:view, invoices:pay, .*velo:full$/,
    );
    expect(await refusal(c.admin, startReviewOperation, { permission: 'velo:full' })).toMatch(
      /^REVIEW.NO_HOLDERS: Nobody in .* holds velo:full .*nothing to review\.$/,
    );
    const open = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'admin' });
    expect(await refusal(c.second, startReviewOperation, { permission: 'ADMIN' })).toBe(
      `REVIEW.ALREADY_OPEN: A review of admin is open already (${open.shortId}, due ${open.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC); ` +
        `finish it with \`review close ${open.shortId}\` before starting another.`,
    );
    expect(await refusal(c.admin, startReviewOperation, { permission: 'tickets:view', dueMs: 91 * DAY })).toBe(
      'REVIEW.DUE_TOO_LONG: A review is due within 90d; give --due 90d or less (not 91d).',
    );
    const reader = await refusal(c.reader.actor, startReviewOperation, { permission: 'tickets:view' });
    expect(reader).toMatch(/^AUTH.FORBIDDEN: Only portal Administrators can start access reviews/);
    expect(await refusal(c.admin, keepItemOperation, { item: 'ffffffff' })).toMatch(
      /^REVIEW.NOT_FOUND: No access review item ffffffff in this account/,
    );
  });
});

describe('the sweeper closes due reviews and reminds, once across replicas', () => {
  it('closes a review by its due date exactly once, with the report and a system audit event', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'invoices:pay', dueMs: DAY });
    await run(c.admin, keepItemOperation, { item: itemOf(started, 'paula').id });
    const mine = (closed: ReviewDto[]) => closed.filter((r) => r.id === started.id);
    expect(mine(await closeDueReviews(sb.deps))).toEqual([]);
    sb.clock.advance(DAY);
    const both = await Promise.all([closeDueReviews(sb.deps), closeDueReviews(sb.deps)]);
    const closed = both.flatMap(mine);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.closedBy).toBeNull();
    expect(closed[0]!.report).toMatchObject({ kept: 1, revoked: 0, unanswered: 2, closedBy: 'its due date' });
    expect(mine(await closeDueReviews(sb.deps))).toEqual([]);
    const audits = await c.audits('review.close');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorName: 'Switchboard', platform: 'system', targetId: started.id });
    const row = await sb.orm.em.fork().findOneOrFail(AccessReview, { id: started.id });
    expect(row.state).toBe('closed');
  });

  it('reminds about unanswered items once per interval, the interval doubling, across two sweeps at once', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'tickets:manage' });
    const mine = (due: ReviewDto[]) => due.filter((r) => r.id === started.id);
    const sweepTwice = async () => (await Promise.all([remindReviewers(sb.deps), remindReviewers(sb.deps)])).flat();
    expect(mine(await sweepTwice())).toEqual([]);
    sb.clock.advance(HOUR);
    const first = mine(await sweepTwice());
    expect(first).toHaveLength(1);
    expect(first[0]!.counts.unanswered).toBe(3);
    sb.clock.advance(HOUR);
    expect(mine(await sweepTwice())).toEqual([]);
    sb.clock.advance(HOUR); // two hours after the first reminder
    expect(mine(await sweepTwice())).toHaveLength(1);
    // Once every item is answered, nobody is reminded.
    for (const item of started.items.filter((i) => i.holder.userId !== 'admin1')) {
      await run(c.admin, keepItemOperation, { item: item.id });
    }
    await run(c.second, keepItemOperation, { item: itemOf(started, 'admin1').id });
    sb.clock.advance(4 * HOUR);
    expect(mine(await sweepTwice())).toEqual([]);
    const row = await sb.orm.em.fork().findOneOrFail(AccessReview, { id: started.id });
    expect(row.nextReminderAt).toBeNull();
  });
});

describe('where the cards went', () => {
  it('keeps every item’s card reference, recorded concurrently, for an adapter to update in place', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'invoices:view' });
    await Promise.all(
      started.items.map((item, n) =>
        recordReviewCard(sb.deps, item.id, { platform: 'slack', channel: 'C1', message: `17000.${n}` }),
      ),
    );
    const progress = await reviewProgress(sb.deps, c.admin, started.id);
    expect(Object.keys(progress.cards).sort()).toEqual(started.items.map((i) => i.id).sort());
    const one = await reviewCardOf(sb.deps, started.items[0]!.id);
    expect(one?.card).toEqual({ platform: 'slack', channel: 'C1', message: '17000.0' });
    expect(one?.item.holder.userId).toBe(started.items[0]!.holder.userId);
    expect(await recordReviewCard(sb.deps, '00000000-0000-4000-8000-000000000000', one!.card!)).toBe(false);
  });
});

describe('two clicks at once', () => {
  it('make one decision: the other is told who decided, and the permission is lowered once', async () => {
    const c = await cast();
    const started = await run<ReviewDto>(c.admin, startReviewOperation, { permission: 'invoices:pay' });
    const item = itemOf(started, 'paula').id;
    const outcomes = await Promise.allSettled([
      run(c.admin, revokeItemOperation, { item }),
      run(c.second, keepItemOperation, { item }),
      run(c.second, revokeItemOperation, { item }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) {
      expect(String((o as PromiseRejectedResult).reason.message)).toMatch(/already decided to (keep|revoke) paula/);
    }
    const progress = await reviewProgress(sb.deps, c.admin, started.id);
    const decided = itemOf(progress, 'paula');
    expect((await c.user('paula')).invoices).toBe(decided.decision === 'revoke' ? 'view' : 'pay');
    expect((await c.audits(`review.${decided.decision}`)).filter((a) => a.outcome === 'success')).toHaveLength(1);
  });

  it('two starts of one permission at once open one review', async () => {
    const c = await cast();
    const starts = await Promise.allSettled([
      run(c.admin, startReviewOperation, { permission: 'orders:manage' }),
      run(c.second, startReviewOperation, { permission: 'orders:manage' }),
    ]);
    expect(starts.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const rejected = starts.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(String(rejected.reason.message)).toMatch(/A review of orders:manage is open already/);
    expect(await sb.orm.em.fork().count(AccessReview, { account: c.acc.account.id })).toBe(1);
  });
});
