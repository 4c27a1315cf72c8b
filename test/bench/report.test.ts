import { describe, expect, it } from 'vitest';
import type { AddsInProcess } from '../../scripts/bench/adds-in-process.js';
import type { Ledger } from '../../scripts/bench/ledger.js';
import { printReport, type Report } from '../../scripts/bench/report.js';

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

function printed(addsInProcess: AddsInProcess): string[] {
  const report: Report = {
    machine: { cores: 2, cpu: 'test', loadAverage: [0, 0, 0], node: 'v24', platform: 'linux' },
    options: { users: 10, concurrency: 5, seconds: 1, requests: 1, warmupRequests: 1, warmupSeconds: 0 },
    seeding: { users: 10, ms: 1 },
    switchboard: { startMs: 1, idleRssMb: 1, maxRssMb: 1, warnings: [] },
    fakes: { slackApiCalls: {}, responseUrlPosts: 0, responseUrls: 0, connectorPosts: 0, memberLookups: 0 },
    rows: [],
    addsInProcess,
    loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
  };
  const lines: string[] = [];
  printReport(report, (line) => lines.push(line));
  return lines;
}

describe("the benchmark's report of the in-process adds", () => {
  const adds = { adds: 100, concurrency: 5, cpuMsPerAdd: 2.5, wallMsPerAdd: 2.25 };

  it('gives the CPU and time per add and what the database holds', () => {
    const line = printed({ ...adds, ledger: ledger(100, []) }).find((l) => l.startsWith('user add through'));
    expect(line).toContain('100 adds, 5 at a time: 2.500 ms CPU and 2.250 ms each');
    expect(line).toContain('100 users added, 100 with one audit event');
  });

  it('says what does not add up', () => {
    const problem = '99 users added where 100 submissions should have added 100';
    const lines = printed({ ...adds, ledger: ledger(99, [problem]) });
    expect(lines).toContain(`does not add up: ${problem}`);
  });
});
