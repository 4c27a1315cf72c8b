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
  const adds = {
    ...{ adds: 100, concurrency: 5, cpuMsPerAdd: 2.5, mainThreadMsPerAdd: 2, wallMsPerAdd: 2.25 },
    emails: { sent: 100, cpuMsPerEmail: 1.25, mainThreadMsPerEmail: 1 },
  };

  it("gives the CPU (the main thread's part too) and time per add and what the database holds", () => {
    const line = printed({ ...adds, ledger: ledger(100, []) }).find((l) => l.startsWith('user add through'));
    expect(line).toContain('100 adds, 5 at a time: 2.500 ms CPU (2.000 on the main thread) and 2.250 ms each');
    expect(line).toContain('100 users added, 100 with one audit event');
  });

  it('gives the CPU per email the mail worker then sent, apart from the adds', () => {
    const line = printed({ ...adds, ledger: ledger(100, []) }).find((l) => l.startsWith('their setup emails'));
    expect(line).toBe(
      'their setup emails through the mail worker, in process (.eml files): 100 sent, ' +
        '1.250 ms CPU (1.000 on the main thread) each',
    );
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

describe("the benchmark's p99 over open connections", () => {
  const overOpen = (p99: number, requests: number, leftOut: number) => ({
    p50: p99 / 2,
    p99,
    max: p99,
    requests,
    leftOut,
  });
  const line = (lines: string[]) => lines.find((l) => l.startsWith('p99 over connections already open'));

  it('gives it beside the table by scenario, with how many requests opened their connection, and says the budget counts all', () => {
    const rows = [
      benchRow({ scenario: 'slack user add', target: 'bare Bolt', ackOverOpenConnections: overOpen(20, 980, 20) }),
      benchRow({
        scenario: 'slack user add',
        ack: { p50: 50, p99: 150, max: 300 },
        ackOverOpenConnections: overOpen(95, 990, 10),
      }),
      benchRow({ scenario: 'slack users', errors: 4, ackOverOpenConnections: overOpen(12.25, 976, 20) }),
    ];
    const lines = printed(undefined, rows);
    const at = lines.indexOf(line(lines)!);
    expect(lines.slice(at, at + 4)).toEqual([
      'p99 over connections already open, without the requests that opened one (a report; the budget counts all):',
      '  slack user add: bare Bolt 20.0 ms (20 left out), Switchboard 95.0 ms (10 left out)',
      '  slack users: Switchboard 12.3 ms (20 left out)',
      '',
    ]);
  });

  it('leaves out a row whose requests all went over open connections, and the line when none opened one', () => {
    const rows = [
      benchRow({ scenario: 'slack users', ackOverOpenConnections: overOpen(12, 1000, 0) }),
      benchRow({ scenario: 'teams message' }),
    ];
    expect(line(printed(undefined, rows))).toBeUndefined();
  });
});

describe("the fakes' line", () => {
  const fakes = (connectorMs?: number) => {
    const report = benchReport([], {
      fakes: {
        slackApiCalls: {},
        responseUrlPosts: 0,
        responseUrls: 0,
        connectorPosts: 7,
        memberLookups: 2,
        ...(connectorMs === undefined ? {} : { connectorMs }),
      },
    });
    const lines: string[] = [];
    printReport(report, (line) => lines.push(line));
    return lines.find((l) => l.startsWith('fakes:'));
  };

  it('says how long the fake connector took to answer a post, when it was told to take any (--connector-ms)', () => {
    expect(fakes(150)).toContain('connector: 7 activities posted (each answered after 150 ms), 2 member lookups');
    expect(fakes(0)).toContain('connector: 7 activities posted, 2 member lookups');
    expect(fakes()).toContain('connector: 7 activities posted, 2 member lookups');
  });
});
