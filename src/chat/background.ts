import type { Logger } from '../lib/logger.js';

export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT once `ms` have passed (the work goes on). */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a front end does after its acknowledgement (a late answer, a card posted, a requester told):
 * tracked, so that stopping and tests can wait for it (`idle()`), its failure logged, never thrown.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `task` after the acknowledgement; its failure is logged with `what`. */
  later(what: string, task: () => Promise<unknown>): void {
    this.track(task().catch((error: unknown) => this.logger.error({ err: error, what }, 'background work failed')));
  }

  /**
   * Work that is part of handling a delivery, awaited by whoever started it and counted meanwhile,
   * so that `idle()` also waits for deliveries still being handled. Its failure is the caller's.
   */
  async during<T>(task: () => Promise<T>): Promise<T> {
    const running = task();
    this.track(
      running.then(
        () => undefined,
        () => undefined,
      ),
    );
    return running;
  }

  /** Resolves when no work is left (work started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
