import type { Config } from '../config.js';
import { ConsoleLogSink } from './log-sink.js';
import type { ConsoleIdentity } from './session.js';

/** The log file while the console is open. */
export const CONSOLE_LOG_FILE = './data/switchboard.log';

export interface StartOptions {
  /** `--as <user>`: the portal user the console acts as (User ID or email). */
  as?: string;
  /** `--no-console`: serve only, even in a terminal. */
  console: boolean;
}

export const START_USAGE = 'npm start -- [--as <user>] [--no-console]';
const START_USAGE_AS = START_USAGE.replace('[--as <user>]', '--as cburns').replace(' [--no-console]', '');

/** `npm start -- --help`. */
export const START_HELP = [
  `Usage: ${START_USAGE}`,
  '',
  'Starts Switchboard: the HTTP server (Slack, Teams, the signup and reset pages, /healthz, /metrics)',
  'and, in a terminal with no Slack or Teams credentials, the console.',
  '',
  'Options:',
  '  --as <user>    the console acts as this portal user (User ID or email; default: the first Administrator)',
  '  --no-console   serve only, even in a terminal',
  '  -h, --help     this help',
  '',
  'Settings come from the environment or ./.env (see .env.example): PORT, HOST, DATABASE_URL, SMTP_URL, ...',
].join('\n');

/** `npm start -- --as cburns`; a bad argument is a one-line message to print. */
export function parseStartOptions(argv: string[]): StartOptions | string {
  const options: StartOptions = { console: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-console') options.console = false;
    else if (arg === '--as' || arg.startsWith('--as=')) {
      const value = arg === '--as' ? argv[++i] : arg.slice('--as='.length);
      if (!value || value.startsWith('--'))
        return `--as needs a portal user: a User ID or email, e.g. ${START_USAGE_AS}`;
      options.as = value;
    } else return `Unknown argument "${arg}". Usage: ${START_USAGE}`;
  }
  return options;
}

/** The console opens in a terminal (stdin and stdout), with no chat credentials set, unless --no-console. */
export function wantsConsole(
  config: Pick<Config, 'slack' | 'teams'>,
  options: StartOptions,
  stdin: { isTTY?: boolean },
  stdout: { isTTY?: boolean },
): boolean {
  return options.console && stdin.isTTY === true && stdout.isTTY === true && !config.slack && !config.teams;
}

/** The portal user the console acts as (src/app/console-user.ts chooses them): their id and how they are shown. */
export interface ConsoleUser extends ConsoleIdentity {
  /** PortalUser.id, the actor of every command typed. */
  id: string;
}

/** For src/main.ts: the start options, or a one-line message and exit code 2. */
export function readStartOptions(argv: string[]): StartOptions {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${START_HELP}\n`);
    process.exit(0);
  }
  const options = parseStartOptions(argv);
  if (typeof options === 'string') {
    process.stderr.write(`Switchboard cannot start: ${options}\n`);
    process.exit(2);
  }
  return options;
}

/**
 * For src/main.ts: when the console will open, the log goes to ./data/switchboard.log and
 * the screen gets plain lines only; otherwise undefined (pino's JSON to stdout).
 */
export function consoleLogSink(
  config: Pick<Config, 'slack' | 'teams'>,
  options: StartOptions,
): ConsoleLogSink | undefined {
  return wantsConsole(config, options, process.stdin, process.stdout)
    ? new ConsoleLogSink(CONSOLE_LOG_FILE, process.stdout)
    : undefined;
}

/** For src/main.ts: who the console acts as; when there is no such user, one line and exit code 1. */
export async function consoleUserOrExit(
  chosen: Promise<ConsoleUser | string>,
  switchboard: { close(): Promise<void> },
): Promise<ConsoleUser> {
  const user = await chosen;
  if (typeof user !== 'string') return user;
  process.stderr.write(`Switchboard cannot open the console: ${user}\n`);
  await switchboard.close();
  process.exit(1);
}
