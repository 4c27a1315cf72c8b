import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import type { ImportProgressDto } from '../services/imports/dto.js';
import { purgeUnconfirmedImports } from '../services/imports/purge.js';
import { claimBatch, runBatch, type RunOptions } from '../services/imports/run-batch.js';

export interface ImportRunnerOptions {
  /** How often to look for confirmed imports when nobody wakes the runner. */
  intervalMs?: number;
  chunkSize?: number;
  leaseMs?: number;
  /** Told after each chunk commits (tests, benchmarks). */
  afterChunk?: RunOptions['afterChunk'];
}

/**
 * Carries out confirmed `users import` batches (services/imports/run-batch.ts): woken at once
 * when a batch is queued (`importEvents.wake`, or an approved import request), and looking every
 * few seconds otherwise, also for a batch whose runner died (its lease lapsed). Safe in several
 * processes at once: a batch is claimed by a conditional update and each chunk renews the lease.
 * Once an hour it also deletes the imports never confirmed, a week after they expired.
 */
export class ImportRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private purgedAt = 0;
  private readonly unsubscribe: (() => void)[] = [];
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly options: RunOptions;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly logger: Logger,
    private readonly settings: ImportRunnerOptions = {},
  ) {
    this.options = {
      owner: this.owner,
      leaseMs: settings.leaseMs ?? 60_000,
      chunkSize: settings.chunkSize ?? 500,
      stopping: () => this.stopped,
      ...(settings.afterChunk ? { afterChunk: settings.afterChunk } : {}),
    };
  }

  /** Imports every batch it can claim, one after another; returns how each ended. */
  async runOnce(): Promise<ImportProgressDto[]> {
    await this.purge();
    const finished: ImportProgressDto[] = [];
    while (!this.stopped) {
      const id = await claimBatch(this.deps, this.options);
      if (!id) break;
      this.logger.info({ batch: id, owner: this.owner }, 'importing users');
      const started = Date.now();
      const progress = await runBatch(this.deps, id, this.options);
      if (progress) {
        finished.push(progress);
        const rows = { added: progress.added, updated: progress.updated, failed: progress.failed };
        this.logger.info({ batch: id, state: progress.state, ...rows, ms: Date.now() - started }, 'import ended');
      }
    }
    return finished;
  }

  /** At most once an hour: deletes the imports never confirmed, a week after (purge.ts). */
  private async purge(): Promise<void> {
    const now = Date.now();
    if (now - this.purgedAt < 3_600_000) return;
    this.purgedAt = now;
    const purged = await purgeUnconfirmedImports(this.deps);
    if (purged > 0) this.logger.info({ purged }, 'deleted imports never confirmed');
  }

  /** Looks now (or as soon as the current look ends). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'import runner failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  start(): void {
    this.unsubscribe.push(
      this.deps.importEvents.onWake(async () => this.kick()),
      this.deps.approvalEvents.subscribe(async (changed) => {
        if (changed.some((r) => r.operationName === 'users.import' && r.state === 'executed')) this.kick();
      }),
    );
    this.timer = setInterval(() => this.kick(), this.settings.intervalMs ?? 3_000);
    this.timer.unref();
    this.kick();
  }

  /** Stops after the chunk in hand, letting its batch go for another process to take on. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    await this.running;
  }
}
