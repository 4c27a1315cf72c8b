import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { stripAnsi } from '../../../src/console/text.js';

/** `script` from util-linux runs a command in a pseudo-terminal; node-pty is not needed. */
export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The environment of a newcomer's shell: no npm_config_* from the runner, no user .npmrc, a real TERM. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^npm_/i.test(key) ||
      /^(SLACK|TEAMS)_/.test(key) ||
      [
        'DATABASE_URL',
        'PORT',
        'SMTP_URL',
        'LOG_LEVEL',
        'NO_COLOR',
        'NODE_OPTIONS',
        'VITEST',
        'VITEST_WORKER_ID',
        'TEST',
        'NODE_ENV',
      ].includes(key)
    )
      continue;
    env[key] = value;
  }
  return { ...env, NPM_CONFIG_USERCONFIG: '/dev/null', TERM: 'xterm-256color', ...extra };
}

/** A process and everything it printed (both streams), with ways to wait for text. */
export class Spawned {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    const take = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const listener of [...this.listeners]) listener();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The output as a person would read it: terminal control codes removed, lines ending in \n. */
  get screen(): string {
    return stripAnsi(this.output).replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
  }

  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.screen);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${pattern} did not appear within ${timeoutMs} ms; the output:\n${this.screen}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  write(text: string): void {
    this.child.stdin?.write(text);
  }

  /** Stops it if it is still running (end of a failed test). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** `command` in a pseudo-terminal of 120 x 40 through util-linux `script`; what is written goes to its keyboard. */
export function inTerminal(command: string, cwd: string, env: NodeJS.ProcessEnv): Spawned {
  const child = spawn('script', ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'], {
    cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Spawned(child);
}

/** `command` with pipes: not a terminal. */
export function withPipes(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Spawned {
  return new Spawned(spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] }));
}
