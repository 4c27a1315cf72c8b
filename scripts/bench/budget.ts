/**
 * The performance budget (docs/runtime.md, "The performance budget"), judged on one run's results.
 * A report for whoever reads the run, never its exit code: a benchmark on a shared machine is not
 * a test, and timings are never asserted.
 */
import type { Report, Row } from './report.js';

export type Verdict = 'met' | 'not met' | 'not measured';

export interface BudgetLine {
  goal: string;
  verdict: Verdict;
  /** What the run measured (`85.0%`, `49.5 ms`), or why the goal could not be judged on it. */
  measured: string;
}

/** The budget's load: 20 concurrent requests, on 10,000 portal users (100,000 for the search). */
export const BUDGET_CONCURRENCY = 20;
export const BUDGET_USERS = 10_000;
export const BUDGET_SEARCH_USERS = 100_000;

const SHARES: [scenario: string, leastPct: number, yardstick: string][] = [
  ['slack users', 50, 'bare Bolt'],
  ['slack user add', 25, 'bare Bolt'],
  ['teams message', 50, 'bare botbuilder'],
  ['teams invoke', 50, 'bare botbuilder'],
];
const ACK_P99_MS = 100;
const SEARCH = 'slack search c=1';
const SEARCH_P99_MS = 20;
const IDLE_RSS_MB = 150;
const PEAK_RSS_MB = 250;

const judged = (goal: string, ok: boolean, measured: string): BudgetLine => ({
  goal,
  verdict: ok ? 'met' : 'not met',
  measured,
});
const unjudged = (goal: string, why: string): BudgetLine => ({ goal, verdict: 'not measured', measured: why });

function concurrent(report: Report): string | null {
  const concurrency = report.options.concurrency;
  return concurrency === BUDGET_CONCURRENCY
    ? null
    : `the run had ${String(concurrency)} concurrent, not ${BUDGET_CONCURRENCY}`;
}

const tooFewUsers = (report: Report, users: number): string | null =>
  report.seeding.users < users ? `the run seeded ${report.seeding.users} users (--users ${users})` : null;

/** Why a load scenario's goals cannot be judged on this run, or null. */
function whyNot(report: Report, row: Row | undefined, users: number): string | null {
  if (!row) return 'not in this run (--only)';
  const few = tooFewUsers(report, users);
  if (few) return few;
  if (row.requests === row.errors) return 'no request succeeded';
  return null;
}

const switchboardRow = (report: Report, scenario: string) =>
  report.rows.find((r) => r.scenario === scenario && r.target === 'Switchboard');
const ms = (n: number) => `${n.toFixed(1)} ms`;
/** Said beside a figure measured on more users than the goal names (a harder test of it). */
const onMore = (report: Report) => (report.seeding.users > BUDGET_USERS ? ` (on ${report.seeding.users} users)` : '');

function shareLines(report: Report): BudgetLine[] {
  return SHARES.map(([scenario, least, yardstick]) => {
    const goal = `${scenario}: at least ${least}% of ${yardstick}'s requests a second`;
    const row = switchboardRow(report, scenario);
    const why = whyNot(report, row, BUDGET_USERS) ?? concurrent(report);
    if (why || row?.sharePct === undefined) return unjudged(goal, why ?? 'no yardstick in this run');
    return judged(goal, row.sharePct >= least, `${row.sharePct.toFixed(1)}%${onMore(report)}`);
  });
}

function latencyLines(report: Report): BudgetLine[] {
  const lines: BudgetLine[] = [];
  // The same four scenarios as the shares: each also answers within the p99.
  for (const [scenario] of SHARES) {
    const row = switchboardRow(report, scenario);
    const why = whyNot(report, row, BUDGET_USERS) ?? concurrent(report);
    const goal = `${scenario}: p99 to the acknowledgement under ${ACK_P99_MS} ms`;
    lines.push(
      why || !row
        ? unjudged(goal, why ?? '')
        : judged(goal, row.ack.p99 < ACK_P99_MS, ms(row.ack.p99) + onMore(report)),
    );
    // A Teams message is answered by its reply: the budget holds for it too.
    if (scenario === 'teams message') {
      const reply = `${scenario}: p99 to the reply under ${ACK_P99_MS} ms`;
      const p99 = row?.answer?.p99;
      lines.push(
        why || p99 === undefined
          ? unjudged(reply, why ?? 'no reply measured')
          : judged(reply, p99 < ACK_P99_MS, ms(p99) + onMore(report)),
      );
    }
  }
  return lines;
}

function searchLine(report: Report): BudgetLine {
  const goal = `a search over ${BUDGET_SEARCH_USERS.toLocaleString('en')} users, one at a time: p99 under ${SEARCH_P99_MS} ms`;
  const row = switchboardRow(report, SEARCH);
  const why = whyNot(report, row, BUDGET_SEARCH_USERS);
  if (why || !row) return unjudged(goal, why ?? '');
  // Its answer is in the acknowledgement, or posted to the response_url when slow: the later of the two.
  const p99 = Math.max(row.ack.p99, row.answer?.p99 ?? 0);
  return judged(goal, p99 < SEARCH_P99_MS, ms(p99));
}

function memoryLines(report: Report): BudgetLine[] {
  const { idleRssMb, maxRssMb } = report.switchboard;
  const idle = `resident memory when idle under ${IDLE_RSS_MB} MB`;
  const peak = `resident memory under load under ${PEAK_RSS_MB} MB`;
  const why = report.options.smoke
    ? 'a smoke run is no load'
    : (tooFewUsers(report, BUDGET_USERS) ?? concurrent(report));
  const only =
    Array.isArray(report.options.only) && report.options.only.length > 0 ? ' (--only: not every scenario ran)' : '';
  return [
    judged(idle, idleRssMb < IDLE_RSS_MB, `${idleRssMb.toFixed(0)} MB`),
    why ? unjudged(peak, why) : judged(peak, maxRssMb < PEAK_RSS_MB, `${maxRssMb.toFixed(0)} MB${only}`),
  ];
}

/** Each goal of the budget, as this run measured it. */
export function judgeBudget(report: Report): BudgetLine[] {
  return [...shareLines(report), ...latencyLines(report), searchLine(report), ...memoryLines(report)];
}
