import { ApprovalEvents } from '../src/services/approvals/events.js';
/**
 * `npm run bench:slack`: the Slack adapter's acknowledgement latency and throughput.
 *
 * A child process runs what a deployment runs (the shared HTTP server, the real Bolt
 * receiver at POST /slack/events, the services over a SQLite file with the demo account)
 * with the Slack Web API faked on loopback, and beside it a bare Bolt app that only
 * acknowledges, as the yardstick. This process sends real signed slash commands to both,
 * N at a time, and reports p50/p90/p99 latency to the acknowledgement and requests/s.
 * Bounded: --requests per target (default 3000) and --seconds per target (default 20).
 *
 *   npm run bench:slack -- [--concurrency 20] [--requests 3000] [--seconds 20] [--commands "help,users"] [--json]
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, request, Agent, type IncomingMessage } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SECRET = 'bench-signing-secret';
const DEFAULT_COMMANDS = ['help', 'users', 'user show astewart', 'invites all', 'audit', 'user add'];
const commandsOption = process.argv.indexOf('--commands');
/** `--commands "help,users"`: the command lines sent in turn. */
const COMMANDS =
  commandsOption >= 0
    ? (process.argv[commandsOption + 1] ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : DEFAULT_COMMANDS;
const PEOPLE = [
  ['UBENCH1', 'alex.stewart@example.com'],
  ['UBENCH2', 'billy.fisher@example.com'],
  ['UBENCH3', 'cindy.burns@example.com'],
  ['UBENCH4', 'kyle.johnson@example.com'],
  ['UBENCH5', 'sama.taku@example.com'],
] as const;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

/** Milliseconds since the epoch, high resolution, comparable between the two processes. */
const epochMs = () => performance.timeOrigin + performance.now();

function commandBody(
  person: readonly [string, string],
  text: string,
  n: number,
  responseBase: string,
  sentAt = epochMs(),
): string {
  return new URLSearchParams({
    token: 'x',
    team_id: 'TBENCH',
    team_domain: 'bench',
    channel_id: 'CBENCH',
    channel_name: 'bench',
    user_id: person[0],
    user_name: 'bench',
    command: '/portal',
    text,
    api_app_id: 'ABENCH',
    response_url: `${responseBase}/respond/${n}?t=${sentAt}`,
    trigger_id: `${process.pid}.${n}.${Math.random().toString(36).slice(2)}`,
  }).toString();
}

function signed(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

/* ------------------------------------------------------------------ server (child) */

async function serve(): Promise<void> {
  const { openDatabase } = await import('../src/db/orm.js');
  const { loadDemoData } = await import('../src/app/demo-data.js');
  const { createLogger } = await import('../src/lib/logger.js');
  const { HttpServer } = await import('../src/http/server.js');
  const { createSlackAdapter } = await import('../src/slack/app.js');
  const { App, HTTPReceiver } = await import('@slack/bolt');
  const { boltLogger } = await import('../src/slack/bolt-logger.js');
  let adapter: ReturnType<typeof createSlackAdapter>;

  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const orm = await openDatabase({ driver: 'sqlite', path: join(dir, 'bench.db') });
  await loadDemoData(orm);
  const logger = createLogger('warn');
  const deps = {
    orm,
    logger,
    clock: { now: () => new Date() },
    approvalEvents: new ApprovalEvents(createLogger('silent')),
    settings: { inviteTtlMs: 7 * 86_400_000, resetTtlMs: 12 * 3_600_000, publicBaseUrl: 'http://localhost' },
  };

  // The Web API and response_urls, on loopback. A response_url post records how long after
  // its command was sent the answer came (for commands not answered in the acknowledgement).
  let views = 0;
  const answered = new Map<number, number>();
  const fake = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/respond/')) {
        answered.set(Number(url.pathname.slice('/respond/'.length)), epochMs() - Number(url.searchParams.get('t')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      if (url.pathname === '/answered') {
        void adapter.state.idle().then(() => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([...answered]));
          answered.clear();
        });
        return;
      }
      const method = url.pathname.replace(/^\/api\//, '');
      const args = new URLSearchParams(Buffer.concat(chunks).toString());
      const person = PEOPLE.find(([id]) => id === args.get('user'));
      const body =
        method === 'users.info'
          ? { ok: true, user: { id: args.get('user'), profile: { email: person?.[1] } } }
          : method === 'views.open'
            ? { ok: true, view: { id: `V${++views}` } }
            : { ok: true };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  const fakeBase = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;

  const http = new HttpServer(logger);
  adapter = createSlackAdapter({
    settings: { signingSecret: SECRET, botToken: 'xoxb-bench', apiUrl: `${fakeBase}/api/` },
    deps,
    logger,
    http,
    clientOptions: { retryConfig: { retries: 0 } },
  });
  const port = await http.listen(0, '127.0.0.1');

  // The yardstick: Bolt on the same kind of server, acknowledging and nothing else.
  const bareHttp = new HttpServer(logger);
  const bareReceiver = new HTTPReceiver({ signingSecret: SECRET, logger: boltLogger(logger) });
  const bare = new App({
    receiver: bareReceiver,
    authorize: async () => ({ botToken: 'xoxb-bench' }),
    logger: boltLogger(logger),
    ignoreSelf: false,
    convoStore: false,
  });
  bare.command(/.*/, async ({ ack }) => ack());
  bareHttp.route('POST', '/slack/events', (req, res) => bareReceiver.requestListener(req, res));
  const barePort = await bareHttp.listen(0, '127.0.0.1');

  // Every bench user looked up once (users.info), as in a running deployment.
  for (const [i, person] of PEOPLE.entries()) {
    const body = commandBody(person, 'help', -1 - i, fakeBase);
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signed(body), body });
  }
  await adapter.state.idle();
  process.stdout.write(
    `READY ${JSON.stringify({ switchboard: `http://127.0.0.1:${port}/slack/events`, bare: `http://127.0.0.1:${barePort}/slack/events`, responses: fakeBase })}\n`,
  );
  process.on('SIGTERM', () => {
    void (async () => {
      await adapter.stop();
      await http.close();
      await bareHttp.close();
      fake.close();
      await orm.close(true);
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

/* ------------------------------------------------------------------ load (parent) */

interface Stats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface Result {
  target: string;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  /** Request to acknowledgement. */
  ack: Stats;
  /** Request to answer: the acknowledgement when it carried the reply, else the response_url post. */
  answer?: Stats & { inAck: number; byResponseUrl: number; unanswered: number };
}

function post(url: URL, agent: Agent, body: string): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: signed(body) },
      (res: IncomingMessage) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1) ?? NaN };
}

async function load(
  target: string,
  url: string,
  responses: string,
  concurrency: number,
  maxRequests: number,
  maxSeconds: number,
  answers: boolean,
): Promise<Result> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const endpoint = new URL(url);
  const acks: number[] = [];
  const inAck = new Map<number, number>();
  const commands: number[] = [];
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (sent < maxRequests && performance.now() < deadline) {
        const n = sent++;
        const body = commandBody(PEOPLE[(worker + n) % PEOPLE.length]!, COMMANDS[n % COMMANDS.length]!, n, responses);
        try {
          const { status, ms, bytes } = await post(endpoint, agent, body);
          if (status !== 200) errors++;
          acks.push(ms);
          commands.push(n);
          if (bytes > 0) inAck.set(n, ms);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const result: Result = {
    target,
    requests: acks.length,
    errors,
    seconds,
    perSecond: acks.length / seconds,
    ack: stats(acks),
  };
  if (answers) {
    // Forms answer with views.open, not a message: only message commands count here.
    const later = new Map<number, number>((await (await fetch(`${responses}/answered`)).json()) as [number, number][]);
    const messageCommands = commands.filter(
      (n) => !COMMANDS[n % COMMANDS.length]!.match(/^(user add|invite|user reset-password)$/),
    );
    const times = messageCommands.flatMap((n) =>
      inAck.has(n) ? [inAck.get(n)!] : later.has(n) ? [later.get(n)!] : [],
    );
    const byResponseUrl = messageCommands.filter((n) => !inAck.has(n) && later.has(n)).length;
    result.answer = {
      ...stats(times),
      inAck: messageCommands.filter((n) => inAck.has(n)).length,
      byResponseUrl,
      unanswered: messageCommands.length - times.length,
    };
  }
  return result;
}

async function main(): Promise<void> {
  const concurrency = option('concurrency', 20);
  const requests = option('requests', 3000);
  const seconds = option('seconds', 20);
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<{ switchboard: string; bare: string; responses: string }>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = /READY (.+)\n/.exec(text);
      if (line) resolve(JSON.parse(line[1]!));
    });
    child.on('exit', (code) => reject(new Error(`the benchmark server exited (${code})`)));
    setTimeout(() => reject(new Error('the benchmark server did not start within 60 s')), 60_000).unref();
  });
  try {
    // A short warm-up of each (JIT, connections), then the measured runs.
    await load('warm-up', ready.bare, ready.responses, concurrency, 300, 5, false);
    await load('warm-up', ready.switchboard, ready.responses, concurrency, 300, 5, true);
    const bare = await load('bare Bolt, ack only', ready.bare, ready.responses, concurrency, requests, seconds, false);
    const board = await load(
      'switchboard /portal',
      ready.switchboard,
      ready.responses,
      concurrency,
      requests,
      seconds,
      true,
    );
    if (process.argv.includes('--json')) {
      process.stdout.write(
        `${JSON.stringify({ concurrency, cpus: availableParallelism(), node: process.version, results: [bare, board] }, null, 2)}\n`,
      );
    } else {
      const f = (n: number) => n.toFixed(1).padStart(7);
      const row = (name: string, requests: string, errors: string, perSecond: string, s: Stats) =>
        console.log(
          `${name.padEnd(30)} ${requests.padStart(8)} ${errors.padStart(6)} ${perSecond.padStart(7)} ${f(s.p50)} ${f(s.p90)} ${f(s.p99)} ${f(s.max)}`,
        );
      console.log(
        `Slack acknowledgement benchmark: ${concurrency} concurrent, loopback, Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)}`,
      );
      console.log(`commands, in turn: ${COMMANDS.join(' | ')}`);
      console.log(`${''.padEnd(30)} requests errors   req/s  p50 ms  p90 ms  p99 ms  max ms`);
      for (const r of [bare, board])
        row(`${r.target}: ack`, String(r.requests), String(r.errors), r.perSecond.toFixed(0), r.ack);
      if (board.answer) {
        row(
          'switchboard /portal: answer',
          String(board.answer.inAck + board.answer.byResponseUrl),
          String(board.answer.unanswered),
          '',
          board.answer,
        );
        console.log(
          `answers: ${board.answer.inAck} in the acknowledgement, ${board.answer.byResponseUrl} by response_url, ${board.answer.unanswered} missing (forms open a modal instead and are not counted)`,
        );
      }
      console.log(
        `switchboard keeps ${((100 * board.perSecond) / bare.perSecond).toFixed(0)}% of bare Bolt's throughput; ack p99 ${board.ack.p99.toFixed(1)} ms (budget: 100 ms at 20 concurrent on 2 cores)`,
      );
    }
    if (bare.errors + board.errors + (board.answer?.unanswered ?? 0) > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
