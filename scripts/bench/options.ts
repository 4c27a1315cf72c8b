/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  users: number;
  concurrency: number;
  /** Seconds of measured load for each target, shared by the rounds. */
  seconds: number;
  /** Rounds in which Switchboard and its yardstick take turns (rounds.ts). */
  rounds: number;
  /** Measured requests at most, for each target, shared by the rounds. */
  requests: number;
  warmupRequests: number;
  warmupSeconds: number;
  json: boolean;
  smoke: boolean;
  /** Scenario names or platforms (`slack`, `teams`) to run; empty: all. */
  only: string[];
  /** How long the fake Bot Connector takes to answer a posted activity (Microsoft's is across the internet). */
  connectorMs: number;
}

export const USAGE = `npm run bench -- [--users 10000] [--concurrency 20] [--seconds 10] [--rounds 4] [--requests 100000]
                 [--only slack|teams|import|"user add in process"|"slack search",...] [--connector-ms 0] [--json] [--smoke]`;

function value(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function whole(argv: string[], name: string, fallback: number, least: 0 | 1): number {
  const text = value(argv, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`--${name} needs a ${least === 1 ? 'positive' : 'non-negative'} whole number (${USAGE})`);
  return n;
}

const positive = (argv: string[], name: string, fallback: number) => whole(argv, name, fallback, 1);

export function parseOptions(argv: string[]): BenchOptions {
  const smoke = argv.includes('--smoke');
  const known = [
    ...['--users', '--concurrency', '--seconds', '--rounds', '--requests', '--only', '--connector-ms'],
    ...['--json', '--smoke'],
  ];
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.includes(a) && !known.includes(argv[i - 1]!));
  if (unknown.length) throw new Error(`unknown option ${unknown[0]} (${USAGE})`);
  return {
    users: positive(argv, 'users', smoke ? 1_000 : 10_000),
    concurrency: positive(argv, 'concurrency', smoke ? 5 : 20),
    seconds: positive(argv, 'seconds', smoke ? 1 : 10),
    rounds: positive(argv, 'rounds', smoke ? 2 : 4),
    requests: positive(argv, 'requests', smoke ? 50 : 100_000),
    warmupRequests: smoke ? 10 : 300,
    warmupSeconds: smoke ? 0.5 : 2,
    json: argv.includes('--json'),
    smoke,
    only: (value(argv, 'only') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    connectorMs: whole(argv, 'connector-ms', 0, 0),
  };
}
