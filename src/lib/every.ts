/** A task run on a timer, as `every` starts it. */
export interface RepeatingTask {
  /** No further runs; settles once a run under way has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, never two at once: a tick that comes while a run is under way is
 * skipped. The timer does not keep the process alive. `task` handles its own errors.
 */
export function every(intervalMs: number, task: () => Promise<void>): RepeatingTask {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = task().finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
