/** The results: one row per scenario and target, as a table or JSON. */
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { AddsInProcess } from './adds-in-process.js';
import type { BudgetLine } from './budget.js';
import type { Ledger } from './ledger.js';
import type { Stats } from './load.js';

export interface Row {
  scenario: string;
  what: string;
  target: string;
  concurrency: number;
  requests: number;
  errors: number;
  errorSamples: Record<string, number>;
  /** Answered later than the platform's deadline (Slack 3 s, Teams invoke 5 s): the platform gave up on them. */
  late: number;
  limitMs: number;
  /** Successful requests per second. */
  perSecond: number;
  /** Switchboard's req/s as a share of its yardstick's, in %: over all rounds (rounds.ts). */
  sharePct?: number;
  /** The same in each round, which takes turns between the two. */
  sharesByRound?: number[];
  /** Requests in each round. */
  requestsByRound: number[];
  /**
   * The serving process's CPU time (user and system) during the measured requests, and for
   * Switchboard until their later answers were in, divided by the requests: in ms.
   */
  cpuMsPerRequest: number;
  /**
   * The same for the process's main thread alone, which runs all its JavaScript: while it is busy
   * all the time, this is what bounds the requests a second (the rest of `cpuMsPerRequest` is
   * V8's garbage collection and compiling threads, and libuv's pool, on other cores).
   */
  mainThreadMsPerRequest: number;
  /** Switchboard's highest resident set size (MB) while this scenario ran against it, warm-up included. */
  maxRssMb?: number;
  /** Request to the HTTP response (the acknowledgement, or Teams' answer). */
  ack: Stats;
  /**
   * The same for the requests that went over a connection already open: each connection's first
   * request left out. Node accepts one new connection per turn of its event loop, so under load
   * a round's first requests, each opening a connection, wait for one another (docs/runtime.md).
   */
  ackOverOpenConnections?: Stats & { requests: number; leftOut: number };
  /** Request to the later answer (response_url post or reply at the connector), when there is one. */
  answer?: Stats & { answered: number; unanswered: number; how: string };
}

export interface Report {
  machine: { cores: number; cpu: string; loadAverage: number[]; node: string; platform: string };
  options: Record<string, unknown>;
  seeding: { users: number; ms: number };
  switchboard: { startMs: number; idleRssMb: number; maxRssMb: number; warnings: string[] };
  /** What reached the fakes during the whole run (warm-ups and yardsticks included). */
  fakes: {
    slackApiCalls: Record<string, number>;
    /** Posts to response_urls, and how many different ones were posted to. */
    responseUrlPosts: number;
    responseUrls: number;
    connectorPosts: number;
    /** How long the fake connector took to answer each post (`--connector-ms`). */
    connectorMs?: number;
    memberLookups: number;
  };
  rows: Row[];
  /** What the measured `user add` submissions left in the database (scripts/bench/ledger.ts). */
  ledger?: Ledger;
  /** `user add` through the services, in process (scripts/bench/adds-in-process.ts). */
  addsInProcess?: AddsInProcess;
  /** `users import` through the services, in process (scripts/bench/import.ts). */
  import?: { rows: number; previewMs: number; importMs: number; rowsPerSecond: number; added: number; failed: number };
  /** Load average at the start and the end of the run. */
  loadAverage: { start: number[]; end: number[] };
  /** The performance budget's goals as this run measured them (scripts/bench/budget.ts). */
  budget?: BudgetLine[];
}

export function machine(): Report['machine'] {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg(),
    node: process.version,
    platform: process.platform,
  };
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-').padStart(8);
const cpu = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '-').padStart(7);
const la = (l: number[]) => l.map((n) => n.toFixed(2)).join(' ');

export function printReport(report: Report, log: (line: string) => void = console.log): void {
  const m = report.machine;
  log(`Switchboard benchmark: Node ${m.node}, ${m.cores} cores (${m.cpu})`);
  log(`load average at start ${la(report.loadAverage.start)}, at end ${la(report.loadAverage.end)}`);
  log(`seeded ${report.seeding.users} extra users in ${(report.seeding.ms / 1000).toFixed(1)} s (SQLite, WAL)`);
  const sb = report.switchboard;
  log(
    `Switchboard: /healthz after ${sb.startMs.toFixed(0)} ms; RSS idle after start-up ${sb.idleRssMb.toFixed(0)} MB, ` +
      `max under load ${sb.maxRssMb.toFixed(0)} MB`,
  );
  const f = report.fakes;
  const calls = Object.entries(f.slackApiCalls).map(([method, n]) => `${method} ${n}`);
  log(
    `fakes: Slack Web API ${calls.join(', ') || 'none'}; ${f.responseUrlPosts} response_url posts ` +
      `(to ${f.responseUrls} ${f.responseUrls === 1 ? 'URL' : 'URLs'}); ` +
      `connector: ${f.connectorPosts} activities posted${f.connectorMs ? ` (each answered after ${f.connectorMs} ms)` : ''}, ` +
      `${f.memberLookups} member lookups`,
  );
  log('');
  log(
    `${'scenario'.padEnd(18)} ${'target'.padEnd(16)} ${'conc'.padStart(4)} ${'requests'.padStart(8)} ` +
      `${'errors'.padStart(6)} ${'late'.padStart(5)} ${'req/s'.padStart(7)} ${'share'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU ms'.padStart(7)} ${'main'.padStart(7)} ${'RSS MB'.padStart(6)}`,
  );
  for (const r of report.rows) {
    const share = r.sharePct === undefined ? '' : `${r.sharePct.toFixed(0)}%`;
    log(
      `${r.scenario.padEnd(18)} ${r.target.padEnd(16)} ${String(r.concurrency).padStart(4)} ` +
        `${String(r.requests).padStart(8)} ${String(r.errors).padStart(6)} ${String(r.late).padStart(5)} ${r.perSecond.toFixed(0).padStart(7)} ` +
        `${share.padStart(6)} ${ms(r.ack.p50)} ${ms(r.ack.p99)} ${cpu(r.cpuMsPerRequest)} ${cpu(r.mainThreadMsPerRequest)} ` +
        `${(r.maxRssMb === undefined ? '' : r.maxRssMb.toFixed(0)).padStart(6)}`,
    );
    if (r.answer)
      log(
        `${''.padEnd(18)} ${'  answer'.padEnd(16)} ${''.padStart(4)} ${String(r.answer.answered).padStart(8)} ` +
          `${String(r.answer.unanswered).padStart(6)} ${''.padStart(5)} ${''.padStart(7)} ${''.padStart(6)} ` +
          `${ms(r.answer.p50)} ${ms(r.answer.p99)}  (${r.answer.how})`,
      );
  }
  printSharesByRound(report.rows, log);
  printOpenConnections(report.rows, log);
  if (report.ledger) printLedger(report.ledger, log);
  if (report.addsInProcess) printAddsInProcess(report.addsInProcess, log);
  const imp = report.import;
  if (imp) {
    log('');
    log(
      `users import of ${imp.rows} rows (SQLite, in process): preview ${(imp.previewMs / 1000).toFixed(1)} s, ` +
        `import ${(imp.importMs / 1000).toFixed(1)} s (${imp.rowsPerSecond.toFixed(0)} rows/s), ` +
        `${imp.added} added, ${imp.failed} failed`,
    );
  }
  if (report.budget) printBudget(report.budget, log);
  log('');
  log('req/s: successful requests per second; p50/p99: request to the HTTP response (the acknowledgement);');
  log("CPU ms: the serving process's CPU time per request (for Switchboard, until its later answers were in);");
  log('main: the same for its main thread alone, which runs all its JavaScript (the bound on req/s when always busy);');
  log("RSS MB: Switchboard's highest resident set size while the scenario ran against it (its warm-up included);");
  log('late: answered after the platform deadline (Slack 3 s, Teams invoke 5 s, Bot Connector 15 s), not in errors;');
  log('"answer" rows: request to the reply (errors column: requests never answered).');
  for (const r of report.rows)
    for (const [message, count] of Object.entries(r.errorSamples))
      log(`error: ${r.scenario} / ${r.target}: ${count} x ${message}`);
  if (sb.warnings.length) {
    log(`Switchboard wrote ${sb.warnings.length} log lines at warn or above; the first:`);
    for (const line of sb.warnings.slice(0, 5)) log(`  ${line.slice(0, 400)}`);
  }
}

/** Each scenario's share in each round: how far the machine let the rounds' shares drift apart. */
function printSharesByRound(rows: Row[], log: (line: string) => void): void {
  const spread = rows.flatMap((r) =>
    r.sharesByRound && r.sharesByRound.length > 1
      ? [`${r.scenario} ${r.sharesByRound.map((share) => `${share.toFixed(0)}%`).join(', ')}`]
      : [],
  );
  if (spread.length === 0) return;
  log('');
  log(`share in each round (Switchboard and its yardstick take turns): ${spread.join('; ')}`);
}

/** Each scenario's p99 without the requests that opened their connection, where some did. */
function printOpenConnections(rows: Row[], log: (line: string) => void): void {
  const byScenario = new Map<string, string[]>();
  for (const r of rows) {
    const open = r.ackOverOpenConnections;
    if (!open || open.leftOut === 0) continue;
    const p99s = byScenario.get(r.scenario) ?? [];
    p99s.push(`${r.target} ${open.p99.toFixed(1)} ms (${open.leftOut} left out)`);
    byScenario.set(r.scenario, p99s);
  }
  if (byScenario.size === 0) return;
  log('');
  log('p99 over connections already open, without the requests that opened one (a report; the budget counts all):');
  for (const [scenario, p99s] of byScenario) log(`  ${scenario}: ${p99s.join(', ')}`);
}

const VERDICTS = { met: 'met', 'not met': 'NOT MET', 'not measured': '-' } as const;

function printBudget(budget: BudgetLine[], log: (line: string) => void): void {
  log('');
  log('the performance budget (docs/runtime.md), judged on this run (a report, never the exit code):');
  for (const line of budget) log(`  ${VERDICTS[line.verdict].padEnd(8)} ${line.goal}: ${line.measured}`);
}

function printLedger(ledger: Ledger, log: (line: string) => void): void {
  log('');
  const waiting = ledger.withOneSetupEmail - ledger.emailsSent;
  log(
    `user add, read from the database after the load: ${ledger.answered} submissions answered ` +
      `(${ledger.replays} of them replays of an earlier one, ${ledger.held} adding an Administrator), ` +
      `${ledger.pendingRequests} approval requests pending, ` +
      `${ledger.users} users added, ${ledger.withOneAuditEvent} with one audit event of the add, ` +
      `${ledger.withOneSetupLink} with one setup link, ${ledger.withOneSetupEmail} with one setup email ` +
      `(${ledger.emailsSent} sent, ${waiting} not sent yet)`,
  );
  for (const problem of ledger.problems) log(`does not add up: ${problem}`);
}

function printAddsInProcess(adds: AddsInProcess, log: (line: string) => void): void {
  const { ledger } = adds;
  log('');
  log(
    `user add through the services, in process (no HTTP, no chat, no once-only claim): ${adds.adds} adds, ` +
      `${adds.concurrency} at a time: ${adds.cpuMsPerAdd.toFixed(3)} ms CPU (${adds.mainThreadMsPerAdd.toFixed(3)} on the main thread) ` +
      `and ${adds.wallMsPerAdd.toFixed(3)} ms each; ` +
      `${ledger.users} users added, ${ledger.withOneAuditEvent} with one audit event, ` +
      `${ledger.withOneSetupLink} with one setup link, ${ledger.withOneSetupEmail} with one setup email`,
  );
  const { emails } = adds;
  log(
    `their setup emails through the mail worker, in process (.eml files): ${emails.sent} sent, ` +
      `${emails.cpuMsPerEmail.toFixed(3)} ms CPU (${emails.mainThreadMsPerEmail.toFixed(3)} on the main thread) each`,
  );
  for (const problem of ledger.problems) log(`does not add up: ${problem}`);
}
