import { describe, expect, it } from 'vitest';
import type { AddsInProcess } from '../../scripts/bench/adds-in-process.js';
import type { Ledger } from '../../scripts/bench/ledger.js';
import { printReport, type Report, type Row } from '../../scripts/bench/report.js';

const ledger = (users: number, problems: string[]): Ledger => ({
  answered: 100,
  submitted: 100,
  replays: 0,
  held: 0,
  users,
  pendingRequests: 0,
  pendingUserIds: 0,
  addedBeforeApproval: 0,
  withOneAuditEvent: users,
  withOneSetupLink: users,
  withOneSetupEmail: users,
  emailsSent: 0,
  problems,
});

function printed(addsInProcess?: AddsInProcess, rows: Row[] = []): string[] {
  const report: Report = {
    machine: { cores: 2, cpu: 'test', loadAverage: [0, 0, 0], node: 'v24', platform: 'linux' },
    options: { users: 10, concurrency: 5, seconds: 1, requests: 1, warmupRequests: 1, warmupSeconds: 0 },
    seeding: { users: 10, ms: 1 },
    switchboard: { startMs: 1, idleRssMb: 1, maxRssMb: 1, warnings: [] },
    fakes: { slackApiCalls: {}, responseUrlPosts: 0, responseUrls: 0, connectorPosts: 0, memberLookups: 0 },
    rows,
    ...(addsInProcess ? { addsInProcess } : {}),
    loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
  };
  const lines: string[] = [];
  printReport(report, (line) => lines.push(line));
  return lines;
}

describe("the benchmark's report of the in-process adds", () => {
  const adds = { adds: 100, concurrency: 5, cpuMsPerAdd: 2.5, mainThreadMsPerAdd: 2, wallMsPerAdd: 2.25 };

  it("gives the CPU (the main thread's part too) and time per add and what the database holds", () => {
    const line = printed({ ...adds, ledger: ledger(100, []) }).find((l) => l.startsWith('user add through'));
    expect(line).toContain('100 adds, 5 at a time: 2.500 ms CPU (2.000 on the main thread) and 2.250 ms each');
    expect(line).toContain('100 users added, 100 with one audit event');
  });

  it('says what does not add up', () => {
    const problem = '99 users added where 100 submissions should have added 100';
    const lines = printed({ ...adds, ledger: ledger(99, [problem]) });
    expect(lines).toContain(`does not add up: ${problem}`);
  });
});

describe("the benchmark's table", () => {
  const stats = { p50: 2, p90: 3, p99: 4, max: 5, count: 100 };
  const row = (target: string, cpu: number, main: number): Row => ({
    scenario: 'slack user add',
    what: 'a view submission',
    target,
    concurrency: 20,
    requests: 1000,
    errors: 0,
    errorSamples: {},
    late: 0,
    limitMs: 3000,
    perSecond: 500,
    cpuMsPerRequest: cpu,
    mainThreadMsPerRequest: main,
    ack: stats,
  });

  it("gives each row's CPU per request, the whole process's and its main thread's, '-' where not measured", () => {
    const lines = printed(undefined, [row('bare Bolt', 0.25, 0.2), row('Switchboard', 1.5, NaN)]);
    const header = lines.find((l) => l.startsWith('scenario'))!;
    expect(header).toMatch(/CPU ms\s+main\s+RSS MB$/);
    const printedRow = (target: string) => lines.find((l) => l.startsWith('slack user add') && l.includes(target));
    expect(printedRow('bare Bolt')).toMatch(/ 0\.250\s+0\.200\s*$/);
    expect(printedRow('Switchboard')).toMatch(/ 1\.500\s+-\s*$/);
    expect(lines).toContain(
      'main: the same for its main thread alone, which runs all its JavaScript (the bound on req/s when always busy);',
    );
  });
});
