import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { untilQuiet } from '../../scripts/bench/processes.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that keeps a core busy for `busyMs`, then idles until killed (as a mail worker draining its backlog). */
function busyFor(busyMs: number): ChildProcess {
  const script = `const end = Date.now() + ${busyMs}; while (Date.now() < end); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe.runIf(process.platform === 'linux')("the benchmark's wait for Switchboard to go quiet", () => {
  it('waits while the process works, and returns once it idles', { timeout: 20_000 }, async () => {
    const child = busyFor(2_000);
    const waited = await untilQuiet(child.pid, { windowMs: 250 });
    expect(waited.quiet).toBe(true);
    // Node starts in some 50 ms; the loop then runs for 2 s.
    expect(waited.ms).toBeGreaterThan(1_500);
    expect(waited.ms).toBeLessThan(8_000);
  });

  it('returns at once for an idle process', { timeout: 20_000 }, async () => {
    const child = busyFor(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const waited = await untilQuiet(child.pid, { windowMs: 250 });
    expect(waited).toMatchObject({ quiet: true });
    expect(waited.ms).toBeLessThan(1_000);
  });

  it('gives up after its timeout, saying the process is still busy', { timeout: 20_000 }, async () => {
    const child = busyFor(60_000);
    const waited = await untilQuiet(child.pid, { windowMs: 250, timeoutMs: 1_000 });
    expect(waited.quiet).toBe(false);
    expect(waited.ms).toBeGreaterThanOrEqual(1_000);
    expect(waited.ms).toBeLessThan(3_000);
  });
});
