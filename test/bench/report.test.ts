import { describe, expect, it } from 'vitest';
import type { AddsInProcess } from '../../scripts/bench/adds-in-process.js';
import type { Ledger } from '../../scripts/bench/ledger.js';
import { printReport, type Row } from '../../scripts/bench/report.js';
import { benchReport, benchRow } from './support/report-fixtures.js';

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
  const report = benchReport(rows, {
    options: { users: 10, concurrency: 5, seconds: 1, requests: 1, warmupRequests: 1, warmupSeconds: 0 },
    seeding: { users: 10, ms: 1 },
    ...(addsInProcess ? { addsInProcess } : {}),
  });
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
  const row = (target: string, cpu: number, main: number): Row =>
    benchRow({ scenario: 'slack user add', target, cpuMsPerRequest: cpu, mainThreadMsPerRequest: main });

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
