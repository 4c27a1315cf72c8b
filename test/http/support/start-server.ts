import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The compiled server (`npm start`), as a service runs it: no terminal, so no console, JSON log on stdout. */
export interface StartedServer {
  child: ChildProcess;
  output: () => string;
  /** The first match of `pattern` in what it printed; rejects when it exits first or after `ms`. */
  waitFor: (pattern: RegExp, ms?: number) => Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/** Variables of the test run that would change what the server does. */
const DROPPED = new RegExp(
  '^(npm_|SLACK_|TEAMS_|PORTAL_|APPROVAL|VITEST)' +
    '|^(DATABASE_URL|PORT|HOST|PUBLIC_BASE_URL|SMTP_URL|MAIL_FROM|LOG_LEVEL|NODE_OPTIONS|TEST|NODE_ENV)$',
  'i',
);

export function startServer(env: Record<string, string>, cwd = root, args: string[] = []): StartedServer {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !DROPPED.test(key)));
  const child = spawn(process.execPath, [join(root, 'dist/src/main.js'), '--no-console', ...args], {
    cwd,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const waitFor = (pattern: RegExp, ms = 30_000) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no ${pattern} after ${ms} ms in:\n${text}`)), ms);
      const check = () => {
        const match = pattern.exec(text);
        if (match) {
          clearTimeout(timer);
          done(match);
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      void exited.then(() => {
        check();
        clearTimeout(timer);
        fail(new Error(`exited before ${pattern}:\n${text}`));
      });
      check();
    });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, output: () => text, waitFor, exited, stop };
}
