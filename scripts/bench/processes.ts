/** The child processes: Switchboard (the compiled server) and the yardsticks; their memory. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startEnv, startFlags } from '../start-flags.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = join(ROOT, 'dist/src/main.js');

/** A free loopback port (PORT for Switchboard, whose start-up line is not printed at LOG_LEVEL=warn). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resident set of a process in MB (VmRSS of /proc/<pid>/status), or NaN off Linux. */
export function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The fields of /proc/<pid>/stat (or of /proc/<pid>/task/<tid>/stat, a thread's) after the
 * command's name (which is in parentheses and may hold spaces): [0] the state, [1] the parent's
 * pid, [11] and [12] user and system CPU time in ticks. Throws off Linux or when the process is gone.
 */
export function procStat(pid: number | string | undefined): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

let ticksPerSecond: number | undefined;

/**
 * CPU time, user and system, in ms, or NaN off Linux: of the whole process (/proc/<pid>/stat), or
 * of its main thread alone (/proc/<pid>/task/<pid>/stat), the one that runs all of a Node.js
 * server's JavaScript; the rest is V8's helpers (garbage collection, compiling) and libuv's pool.
 */
export function cpuMs(pid: number | undefined, thread: 'all' | 'main' = 'all'): number {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const fields = procStat(thread === 'main' ? `${pid}/task/${pid}` : pid);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

/**
 * Waits until a process uses less than `busyPercent` of a core over `windowMs`, or `timeoutMs` has
 * passed: Switchboard's work after a scenario (the setup emails of `user add`, which its mail worker
 * sends after the load) would otherwise run during the next yardstick's turn and slow the yardstick.
 * Returns how long it waited and whether the process went quiet (always at once off Linux).
 */
export async function untilQuiet(
  pid: number | undefined,
  { windowMs = 500, busyPercent = 5, timeoutMs = 120_000 } = {},
): Promise<{ ms: number; quiet: boolean }> {
  const started = performance.now();
  for (;;) {
    const before = cpuMs(pid);
    await sleep(windowMs);
    const used = cpuMs(pid) - before;
    const ms = performance.now() - started;
    if (!(used >= (windowMs * busyPercent) / 100)) return { ms, quiet: true };
    if (ms >= timeoutMs) return { ms, quiet: false };
  }
}

export interface Switchboard {
  child: ChildProcess;
  base: string;
  /** What the server printed on stderr and stdout (warnings, errors), kept for the report. */
  output: string[];
  startMs: number;
  stop(): Promise<void>;
}

export async function startSwitchboard(options: {
  dir: string;
  database: string;
  slackApiUrl: string;
  signingSecret: string;
}): Promise<Switchboard> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...startEnv(ROOT),
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `sqlite:${options.database}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: options.slackApiUrl,
    LOG_LEVEL: 'warn',
    // e.g. BENCH_SWITCHBOARD_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
    ...(process.env.BENCH_SWITCHBOARD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SWITCHBOARD_NODE_OPTIONS } : {}),
  };
  const started = performance.now();
  // cwd: the temp dir, so that ./data/outbox (no SMTP_URL) lands there, not in the repository.
  const child = spawn(process.execPath, [...startFlags(ROOT), MAIN], {
    cwd: options.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim() && output.length < 2000) output.push(line);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`Switchboard exited (${code}): ${output.slice(-5).join('\n')}`))),
  );
  exited.catch(() => undefined);
  const deadline = performance.now() + 30_000;
  for (;;) {
    const healthy = await Promise.race([
      fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
      exited,
    ]);
    if (healthy) break;
    if (performance.now() > deadline) throw new Error(`Switchboard did not answer /healthz within 30 s`);
    await sleep(50);
  }
  return {
    child,
    base,
    output,
    startMs: performance.now() - started,
    stop: () => stopChild(child),
  };
}

export interface Yardsticks {
  child: ChildProcess;
  slack: string;
  teams: string;
  stop(): Promise<void>;
}

export async function startYardsticks(): Promise<Yardsticks> {
  const script = fileURLToPath(new URL('./yardsticks.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<{ slack: string; teams: string }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = /READY (.+)\n/.exec(text);
      if (line) resolve(JSON.parse(line[1]!) as { slack: string; teams: string });
    });
    child.on('exit', (code) => reject(new Error(`the yardsticks exited (${code})`)));
    setTimeout(() => reject(new Error('the yardsticks did not start within 30 s')), 30_000).unref();
  });
  return { child, ...ready, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
