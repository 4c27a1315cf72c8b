/**
 * `npm run bench`: Switchboard's throughput and latency against bare yardsticks, through its public
 * surface only: the compiled server (`node dist/src/main.js`) on a seeded SQLite file, configured by
 * environment, driven by signed Slack requests and Teams activities over HTTP, with the Slack Web API,
 * the response_urls and the Bot Connector faked on loopback in this process. See scripts/bench/*.ts.
 *
 *   npm run bench -- [--users 10000] [--concurrency 20] [--seconds 10] [--rounds 4] [--requests N] [--only slack] [--json] [--smoke]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeConnector } from './bench/fake-connector.js';
import { FakeSlack, SLACK_PEOPLE } from './bench/fake-slack.js';
import { runLoad } from './bench/load.js';
import { perRound, rowOfTurns, sharesByRound, turnOrder, type Turn } from './bench/rounds.js';
import { parseOptions, USAGE, type BenchOptions } from './bench/options.js';
import { cpuMs, rssMb, startSwitchboard, startYardsticks, untilQuiet, type Switchboard } from './bench/processes.js';
import { machine, printReport, type Report, type Row } from './bench/report.js';
import { ADDS_IN_PROCESS, benchAddsInProcess, type AddsInProcess } from './bench/adds-in-process.js';
import { benchImport, type ImportBench } from './bench/import.js';
import { judgeBudget } from './bench/budget.js';
import { readLedger, type Ledger } from './bench/ledger.js';
import {
  addedUserIdsOf,
  heldIn,
  replaysIn,
  scenarios,
  type Scenario,
  type TargetKind,
  type Targets,
} from './bench/scenarios.js';
import { SIGNING_SECRET, slashCommand } from './bench/requests.js';
import { seedDatabase } from './bench/seed.js';

/** Progress goes to stderr, so that --json leaves stdout to the JSON. */
const progress = (line: string) => process.stderr.write(`${line}\n`);

function selected(scenario: Scenario, only: string[]): boolean {
  if (only.length === 0) return true;
  return only.some((o) => scenario.name === o || scenario.name.startsWith(`${o} `));
}

/** Opens the `user add` modal once (a real `/portal user add`), to submit its view afterwards. */
async function openAddUserForm(url: string, fake: FakeSlack): Promise<Record<string, any>> {
  const command = slashCommand(SLACK_PEOPLE[0][0], 'user add', 'open-form', fake.base);
  const res = await fetch(url, { method: 'POST', headers: command.headers, body: command.body });
  const text = await res.text();
  for (let i = 0; i < 100 && !fake.lastView; i++) await sleep(50);
  if (!fake.lastView) throw new Error(`/portal user add opened no modal (HTTP ${res.status} ${text.slice(0, 300)})`);
  return fake.lastView;
}

/** The tag of a scenario's measured requests in a round (its warm-up's starts with `w`), by its place in the list. */
const measuredTag = (run: number, kind: TargetKind, round: number) => `${measuredStem(run, kind)}${round}`;
/** What every round's tag of a scenario and target starts with. */
const measuredStem = (run: number, kind: TargetKind) => `m${run}${kind[0]}r`;

/** One target's turn in one round of a scenario (rounds.ts), after its warm-up in the first round. */
async function takeTurn(
  scenario: Scenario,
  kind: TargetKind,
  options: BenchOptions,
  at: { run: number; round: number },
  pid: number | undefined,
): Promise<Turn> {
  const concurrency = scenario.concurrency ?? options.concurrency;
  const make = (tag: string) => (n: number) => scenario.shot(kind, n, tag);
  if (at.round === 0)
    await runLoad(
      { concurrency, requests: options.warmupRequests, seconds: options.warmupSeconds },
      make(`w${at.run}${kind[0]}`),
    );
  const tag = measuredTag(at.run, kind, at.round);
  const cpuAtStart = cpuMs(pid);
  const mainAtStart = cpuMs(pid, 'main');
  const load = await runLoad(
    {
      concurrency,
      requests: perRound(options.requests, options.rounds, true),
      seconds: perRound(options.seconds, options.rounds),
    },
    make(tag),
  );
  const turn: Turn = {
    load,
    late: load.sent.filter((s) => s.ms > scenario.limitMs).length,
    cpuMs: NaN,
    mainThreadMs: NaN,
  };
  if (kind === 'switchboard' && scenario.answers) {
    const { map, key, what } = scenario.answers;
    const waiting = () => load.sent.filter((s) => !s.withBody && !map.has(key(s.n, tag)));
    for (let i = 0; i < 50 && waiting().length > 0; i++) await sleep(100);
    const times = load.sent.flatMap((s) => {
      const at = map.get(key(s.n, tag));
      return at !== undefined ? [at - s.sentAt] : s.withBody ? [s.ms] : [];
    });
    turn.answers = { times, unanswered: load.sent.length - times.length, how: what };
  }
  // The main thread's time read inside the whole process's, at the start and at the end.
  turn.mainThreadMs = cpuMs(pid, 'main') - mainAtStart;
  turn.cpuMs = cpuMs(pid) - cpuAtStart;
  return turn;
}

/** The options, or the usage and an exit: `--help` prints it, a wrong option says what is wrong. */
function optionsOrExit(argv: string[]): BenchOptions {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  try {
    return parseOptions(argv);
  } catch (error) {
    progress(`npm run bench: ${(error as Error).message}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = optionsOrExit(process.argv.slice(2));
  const startLoad = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  let switchboard: Switchboard | null = null;
  let yardsticks: Awaited<ReturnType<typeof startYardsticks>> | null = null;
  const fakeSlack = await new FakeSlack().start();
  const connector = await new FakeConnector(options.connectorMs).start();
  try {
    progress(`seeding ${options.users} users…`);
    const seeded = await seedDatabase(dir, options.users);
    progress(`seeded in ${(seeded.ms / 1000).toFixed(1)} s; starting Switchboard and the yardsticks…`);
    const inProcessSelected = options.only.length === 0 || options.only.includes(ADDS_IN_PROCESS);
    // The in-process adds get the same users, in a copy of their own (the seed left no WAL to copy).
    const addsPath = join(dir, 'adds-in-process.db');
    if (inProcessSelected) copyFileSync(seeded.path, addsPath);
    switchboard = await startSwitchboard({
      dir,
      database: seeded.path,
      slackApiUrl: fakeSlack.apiUrl,
      signingSecret: SIGNING_SECRET,
    });
    await sleep(500);
    const idleRssMb = rssMb(switchboard.child.pid);
    yardsticks = await startYardsticks();
    const targets: Targets = {
      switchboardSlack: `${switchboard.base}/slack/events`,
      switchboardTeams: `${switchboard.base}/api/messages`,
      bareSlack: yardsticks.slack,
      bareTeams: yardsticks.teams,
      fakeSlack,
      connector,
      users: options.users,
      addUserView: {},
    };
    const list = scenarios(targets).filter((s) => selected(s, options.only));
    const importSelected = options.only.length === 0 || options.only.includes('import');
    if (list.length === 0 && !importSelected && !inProcessSelected)
      throw new Error(`--only ${options.only.join(',')} names no scenario`);
    if (list.some((s) => s.name === 'slack user add'))
      targets.addUserView = await openAddUserForm(targets.switchboardSlack, fakeSlack);

    let maxRssMb = idleRssMb;
    /** Switchboard's highest RSS in the scenario being measured, from its own warm-up on (not its yardstick's turn). */
    let scenarioRssMb = 0;
    const pid = switchboard.child.pid;
    const barePid = yardsticks.child.pid;
    const sampler = setInterval(() => {
      const rss = rssMb(pid);
      maxRssMb = Math.max(maxRssMb, rss);
      scenarioRssMb = Math.max(scenarioRssMb, rss);
    }, 100);
    const rows: Row[] = [];
    try {
      for (const [i, scenario] of list.entries()) {
        progress(`${scenario.name}…`);
        const turns: Record<TargetKind, Turn[]> = { yardstick: [], switchboard: [] };
        for (let round = 0; round < options.rounds; round++) {
          for (const kind of turnOrder(round)) {
            if (kind === 'yardstick' && !scenario.yardstick) continue;
            // Each turn starts on a quiet machine: no work of Switchboard's left from the last one.
            const settled = await untilQuiet(pid);
            const waited = `${(settled.ms / 1000).toFixed(0)} s`;
            if (!settled.quiet)
              progress(`Switchboard is still busy after ${waited}: ${scenario.name} runs beside its work`);
            else if (settled.ms > 2_000)
              progress(`waited ${waited} for Switchboard to finish its work (its mail worker's emails)`);
            if (kind === 'switchboard' && round === 0) scenarioRssMb = rssMb(pid);
            const at = { run: i, round };
            turns[kind].push(await takeTurn(scenario, kind, options, at, kind === 'switchboard' ? pid : barePid));
          }
        }
        const label = { scenario: scenario.name, what: scenario.what, limitMs: scenario.limitMs };
        const concurrency = scenario.concurrency ?? options.concurrency;
        const board = rowOfTurns(turns.switchboard, { ...label, target: 'Switchboard', concurrency });
        board.maxRssMb = Math.max(scenarioRssMb, rssMb(pid));
        if (scenario.yardstick) {
          const bare = rowOfTurns(turns.yardstick, { ...label, target: scenario.yardstick, concurrency });
          board.sharePct = (100 * board.perSecond) / bare.perSecond;
          board.sharesByRound = sharesByRound(turns.switchboard, turns.yardstick);
          rows.push(bare);
        }
        rows.push(board);
      }
    } finally {
      clearInterval(sampler);
    }
    const addsRun = list.findIndex((s) => s.name === 'slack user add');
    const adds = rows.find((r) => r.scenario === 'slack user add' && r.target === 'Switchboard');
    const ledger: Ledger | undefined = adds
      ? readLedger(seeded.path, addedUserIdsOf(measuredStem(addsRun, 'switchboard')), {
          answered: adds.requests - adds.errors,
          submitted: adds.requests,
          replays: adds.requestsByRound.reduce((sum, n) => sum + replaysIn(n), 0),
          held: adds.requestsByRound.reduce((sum, n) => sum + heldIn(n), 0),
        })
      : undefined;
    let addsInProcess: AddsInProcess | undefined;
    if (inProcessSelected) {
      // On a quiet machine, as the scenarios: Switchboard's mail worker may still be sending their emails.
      await untilQuiet(pid);
      progress(`${ADDS_IN_PROCESS}…`);
      addsInProcess = await benchAddsInProcess(addsPath, {
        adds: options.smoke ? 100 : 2_000,
        warmup: options.warmupRequests,
        concurrency: options.concurrency,
      });
    }
    let imported: ImportBench | undefined;
    if (importSelected) {
      const rows = options.smoke ? 1_000 : 10_000;
      progress(`users import of ${rows} rows…`);
      imported = await benchImport(dir, rows);
    }
    const report: Report = {
      machine: machine(),
      options: { ...options },
      seeding: { users: seeded.users, ms: seeded.ms },
      switchboard: {
        startMs: switchboard.startMs,
        idleRssMb,
        maxRssMb,
        warnings: switchboard.output.slice(0, 50),
      },
      fakes: {
        slackApiCalls: Object.fromEntries(fakeSlack.calls),
        responseUrlPosts: fakeSlack.responsePosts,
        responseUrls: fakeSlack.responses.size,
        connectorPosts: connector.posts,
        connectorMs: options.connectorMs,
        memberLookups: connector.memberLookups,
      },
      rows,
      ...(ledger ? { ledger } : {}),
      ...(addsInProcess ? { addsInProcess } : {}),
      ...(imported ? { import: imported } : {}),
      loadAverage: { start: startLoad, end: loadavg() },
    };
    report.budget = judgeBudget(report);
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report);
    const failed = rows.filter((r) => r.errors > 0 || r.requests === r.errors);
    if (failed.length > 0) {
      progress(`scenarios with errors or no successful request: ${failed.map((r) => `${r.scenario}/${r.target}`)}`);
      process.exitCode = 1;
    }
    if (ledger && ledger.problems.length > 0) {
      progress(`the database after user add does not add up: ${ledger.problems.join('; ')}`);
      process.exitCode = 1;
    }
    if (addsInProcess && addsInProcess.ledger.problems.length > 0) {
      progress(`the database after the in-process adds does not add up: ${addsInProcess.ledger.problems.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await switchboard?.stop();
    await yardsticks?.stop();
    await fakeSlack.close();
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
