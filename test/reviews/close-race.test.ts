import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessReviewItem } from '../../src/domain/entities/access-review-item.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { isServiceError } from '../../src/domain/errors.js';
import { submitChange } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import {
  closeDueReviews,
  revokeItemOperation,
  startReviewOperation,
  type ReviewDto,
} from '../../src/services/reviews/index.js';
import { runOperation } from '../../src/services/run.js';
import { addActor, DAY, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** An account with two Administrators and a payer, and a review of invoices:pay due in a day. */
async function reviewOfPay() {
  const acc = await newAccount(sb);
  const second = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
  const payer = await addActor(sb, acc, { userId: 'paula', email: 'paula@example.com', invoices: 'pay' }, 'regular');
  const started = await submitChange(sb.deps, acc.actor, startReviewOperation, {
    permission: 'invoices:pay',
    dueMs: DAY,
  });
  if (started.kind !== 'done') throw new Error('review start was held');
  const review = started.result as ReviewDto;
  const item = review.items.find((i) => i.holder.userId === 'paula')!;
  return { acc, decider: second.actor, payer: payer.user, review, item };
}

/** The refusal's code, for a change that may be refused. */
const codeOf = (error: unknown) => (isServiceError(error) ? error.code : Promise.reject(error));

/** Revokes through the approval gate, as `ctx.run` does: the outcome's kind, or the refusal's code. */
const revoke = (actor: Actor, item: string) =>
  submitChange(sb.deps, actor, revokeItemOperation, { item }).then((outcome) => outcome.kind, codeOf);

/**
 * Revokes in one transaction, past the gate (whose dry run is a transaction of its own): 'done',
 * or the refusal's code.
 */
const revokeNow = (actor: Actor, item: string) =>
  runOperation(sb.deps, actor, revokeItemOperation, { item }).then(() => 'done', codeOf);

/** The report's line for a holder, the item and the holder as stored, and the audited report. */
async function afterwards(review: ReviewDto, closed: ReviewDto[], userId: string) {
  const em = sb.orm.em.fork();
  const report = closed.find((r) => r.id === review.id)?.report;
  const line = report?.lines.find((l) => l.userId === userId);
  const item = await em.findOneOrFail(AccessReviewItem, { id: line!.itemId });
  const holder = await em.findOneOrFail(PortalUser, { id: item.holder.id });
  const audit = await em.findOneOrFail(AuditEvent, { targetId: review.id, action: 'review.close' });
  return { report: report!, line: line!, item, holder, audited: (audit.after as { report: unknown }).report };
}

describe('a due review closed by the sweeper while a decision is in flight', () => {
  it('agrees with what was done: the report, the item and the holder’s permission', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await reviewOfPay();
      sb.clock.advance(DAY);
      const [revoked, closed] = await Promise.all([revoke(r.decider, r.item.id), closeDueReviews(sb.deps)]);
      const { report, line, item, holder, audited } = await afterwards(r.review, closed, 'paula');
      expect(line.decision).toBe(item.decision);
      expect(audited).toEqual(report);
      if (revoked === 'done') {
        expect([line.decision, report.revoked, holder.invoices]).toEqual(['revoke', 1, 'view']);
      } else {
        expect(revoked).toBe('REVIEW.CLOSED');
        expect([line.decision, report.revoked, holder.invoices]).toEqual([null, 0, 'pay']);
      }
    }
  });
});

/**
 * On PostgreSQL a third connection holds a row that one side needs, so that it stalls halfway
 * through its transaction while the other side runs; `lockWaiters` says when both are waiting.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('on PostgreSQL, a close and a decision forced to interleave', () => {
  let blocker: pg.Client;
  let watcher: pg.Client;
  beforeAll(async () => {
    if (sb.database.driver !== 'postgresql') throw new Error('TEST_DATABASE_URL is not PostgreSQL');
    blocker = new pg.Client({ connectionString: sb.database.url });
    watcher = new pg.Client({ connectionString: sb.database.url });
    await Promise.all([blocker.connect(), watcher.connect()]);
  });
  afterAll(async () => {
    await Promise.all([blocker?.end(), watcher?.end()]);
  });

  /** Waits until `count` connections of this database wait for a lock. */
  async function lockWaiters(count: number): Promise<void> {
    for (let tries = 0; tries < 250; tries++) {
      const { rows } = await watcher.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]!.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${count} connections never waited for a lock`);
  }

  it('a revoke stalled after claiming its item: the sweeper waits, then reports it revoked', async () => {
    const r = await reviewOfPay();
    await blocker.query('begin');
    await blocker.query('select id from portal_users where id = $1 for update', [r.payer.id]);
    const revoked = revokeNow(r.decider, r.item.id);
    await lockWaiters(1); // the revoke has claimed the item and waits to lower paula's invoices
    sb.clock.advance(DAY);
    const closing = closeDueReviews(sb.deps);
    await lockWaiters(2); // the sweeper waits for the account the revoke holds
    await blocker.query('commit');
    expect(await revoked).toBe('done');
    const { report, line, item, holder, audited } = await afterwards(r.review, await closing, 'paula');
    expect([item.decision, holder.invoices]).toEqual(['revoke', 'view']);
    expect([line.decision, line.outcome]).toEqual(['revoke', 'Revoked invoices:pay: invoices pay → view.']);
    expect(report).toMatchObject({ revoked: 1, unanswered: 2 });
    expect(audited).toEqual(report);
  });

  it('a sweeper stalled after reading the items: the revoke waits, then finds the review closed', async () => {
    const r = await reviewOfPay();
    await blocker.query('begin');
    await blocker.query('select id from access_reviews where id = $1 for update', [r.review.id]);
    sb.clock.advance(DAY);
    const closing = closeDueReviews(sb.deps);
    await lockWaiters(1); // the sweeper has read the items and waits to close the review
    const revoked = revokeNow(r.decider, r.item.id);
    await lockWaiters(2); // the revoke waits for the account the sweeper holds
    await blocker.query('commit');
    const { report, line, item, holder, audited } = await afterwards(r.review, await closing, 'paula');
    expect(await revoked).toBe('REVIEW.CLOSED');
    expect([item.decision, holder.invoices]).toEqual([null, 'pay']);
    expect(line.decision).toBeNull();
    expect(report).toMatchObject({ revoked: 0, unanswered: 3 });
    expect(audited).toEqual(report);
  });
});
