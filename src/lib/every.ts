/** A task run on a timer, as `every` starts it. */
export interface RepeatingTask {
  /** No further runs; settles once a run under way has finished. */
  stop(): Promise<void>;
}

/** When the first run is: after the first interval (the default), or at once. */
export interface EveryOptions {
  atOnce?: boolean;
}

/**
 * Runs `task` every `intervalMs` (and at once, with `atOnce`), never two at once: a tick that
 * comes while a run is under way is skipped. The timer does not keep the process alive. `task`
 * handles its own errors.
 */
export function every(intervalMs: number, task: () => Promise<void>, options: EveryOptions = {}): RepeatingTask {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = task().finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  if (options.atOnce) tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
