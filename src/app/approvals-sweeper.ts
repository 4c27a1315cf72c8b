import type { Logger } from '../lib/logger.js';
import { expireApprovals, resumeApproved, type ApprovalDto } from '../services/approvals/index.js';
import type { ServiceDeps } from '../services/context.js';

/** Told of requests the sweeper moved on, to update their cards and tell the requesters. */
export type ApprovalListener = (changed: ApprovalDto[]) => Promise<void>;

/**
 * Every minute: marks expired approval requests, and finishes approved ones whose execution
 * a crash interrupted; then tells the platforms. Safe to run in several processes at once
 * (every transition is a conditional update).
 */
export class ApprovalSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly listeners: ApprovalListener[] = [];

  constructor(
    private readonly deps: ServiceDeps,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  onChange(listener: ApprovalListener): this {
    this.listeners.push(listener);
    return this;
  }

  async runOnce(): Promise<ApprovalDto[]> {
    const changed = [...(await expireApprovals(this.deps)), ...(await resumeApproved(this.deps))];
    await this.notify(changed);
    return changed;
  }

  /** Tells every platform of requests that changed (also used for decisions made on another platform). */
  async notify(changed: ApprovalDto[]): Promise<void> {
    if (changed.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener(changed);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not tell a platform about approval requests that changed');
      }
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .then((changed) => {
          if (changed.length > 0)
            this.logger.info(
              { requests: changed.map((c) => [c.id, c.state]) },
              'approval requests expired or finished',
            );
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'approval sweep failed'))
        .finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
