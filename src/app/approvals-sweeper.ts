import { every, type RepeatingTask } from '../lib/every.js';
import type { Logger } from '../lib/logger.js';
import { expireApprovals, remindApprovers, resumeApproved, type ApprovalDto } from '../services/approvals/index.js';
import type { ServiceDeps } from '../services/context.js';
import { deleteExpiredDownloads } from '../services/downloads/downloads.js';
import { endDueGrants } from '../services/grants/end.js';
import { closeDueReviews, remindReviewers } from '../services/reviews/index.js';

/**
 * Every minute: marks expired approval requests, finishes approved ones whose execution a crash
 * interrupted, reminds the approvers of requests still pending (APPROVAL_REMINDER), and ends
 * the time-boxed grants whose time is up, closes the access reviews that are due and reminds
 * the Administrators of open reviews with items unanswered, and deletes expired download links;
 * then publishes them
 * (`approvalEvents`, `reviewEvents`) for the platforms to update cards and tell people. Safe to run in
 * several processes at once
 * (every transition is a conditional update).
 */
export class ApprovalSweeper {
  private job: RepeatingTask | null = null;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  async runOnce(): Promise<ApprovalDto[]> {
    const changed = [...(await expireApprovals(this.deps)), ...(await resumeApproved(this.deps))];
    await this.deps.approvalEvents.publish(changed);
    const ended = await endDueGrants(this.deps);
    if (ended.length > 0) this.logger.info({ grants: ended.map((g) => g.id) }, 'time-boxed grants ended');
    await this.deps.approvalEvents.publishGrantEnds(ended);
    await this.deps.approvalEvents.publishReminders(await remindApprovers(this.deps));
    const closed = await closeDueReviews(this.deps);
    if (closed.length > 0) this.logger.info({ reviews: closed.map((r) => r.id) }, 'access reviews closed when due');
    await this.deps.reviewEvents.closed.publish(closed);
    await this.deps.reviewEvents.reminders.publish(await remindReviewers(this.deps));
    await deleteExpiredDownloads(this.deps);
    return changed;
  }

  /** Sweeps at once (grants and requests that fell due while no process ran end now), then every interval. */
  start(): void {
    this.job = every(
      this.intervalMs,
      () =>
        this.runOnce()
          .then((changed) => {
            if (changed.length > 0)
              this.logger.info(
                { requests: changed.map((c) => [c.id, c.state]) },
                'approval requests expired or finished',
              );
          })
          .catch((error: unknown) => this.logger.error({ err: error }, 'approval sweep failed')),
      { atOnce: true },
    );
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }
}
