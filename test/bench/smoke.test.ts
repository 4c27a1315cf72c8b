import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = `${ROOT}dist/src/main.js`;

interface Row {
  scenario: string;
  target: string;
  requests: number;
  errors: number;
  errorSamples: Record<string, number>;
  maxRssMb?: number;
  cpuMsPerRequest: number;
  mainThreadMsPerRequest: number;
  requestsByRound: number[];
  sharesByRound?: number[];
}

/** `npm run bench -- --smoke --json`: its exit code and the report on stdout. */
function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'bench', '--', '--smoke', '--json'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --smoke', () => {
  beforeAll(() => {
    // The benchmark runs the compiled server; build it once if this checkout has none.
    if (!existsSync(MAIN)) {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed: ${build.stdout}${build.stderr}`);
    }
  }, 180_000);

  it('every scenario, against Switchboard and its yardstick, answers with no error (timings not asserted)', async () => {
    const run = await runSmoke();
    const start = run.stdout.indexOf('{');
    expect(start, `no JSON on stdout; stderr: ${run.stderr}`).toBeGreaterThanOrEqual(0);
    const report = JSON.parse(run.stdout.slice(start)) as {
      rows: Row[];
      import?: { rows: number; added: number; failed: number };
      addsInProcess?: {
        adds: number;
        concurrency: number;
        cpuMsPerAdd: number;
        mainThreadMsPerAdd: number;
        ledger: Record<string, unknown>;
      };
      ledger?: Record<string, unknown>;
      fakes: { responseUrlPosts: number; responseUrls: number };
      budget?: { goal: string; verdict: string }[];
    };
    const targets = report.rows.map((r) => `${r.scenario} / ${r.target}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        'slack users / Switchboard',
        'slack search / Switchboard',
        'slack user add / Switchboard',
        'teams message / Switchboard',
        'teams invoke / Switchboard',
        'slack search c=1 / Switchboard',
        'slack users / bare Bolt',
        'teams invoke / bare botbuilder',
      ]),
    );
    for (const row of report.rows) {
      const where = `${row.scenario} / ${row.target}: ${JSON.stringify(row.errorSamples)}`;
      // Two rounds, their requests adding up to the row's; a share in each where there is a yardstick.
      expect(
        row.requestsByRound.reduce((sum, n) => sum + n, 0),
        where,
      ).toBe(row.requests);
      if (row.target === 'Switchboard' && row.scenario !== 'slack search c=1')
        expect(row.sharesByRound, where).toEqual([expect.any(Number), expect.any(Number)]);
      expect(row.errors, where).toBe(0);
      expect(row.requests, where).toBeGreaterThan(0);
      // Switchboard's rows say how much memory it held in each scenario (from /proc on Linux).
      if (row.target === 'Switchboard' && process.platform === 'linux') expect(row.maxRssMb, where).toBeGreaterThan(30);
      // And the CPU time it spent per request, the main thread's too (from /proc: whole clock ticks, maybe none).
      if (process.platform === 'linux') {
        expect(row.cpuMsPerRequest, where).toBeGreaterThanOrEqual(0);
        expect(row.mainThreadMsPerRequest, where).toBeGreaterThanOrEqual(0);
      }
    }
    // What the user add submissions left in the database: each its user, audit event, link and email.
    const adds = report.rows.find((r) => r.scenario === 'slack user add' && r.target === 'Switchboard')!;
    // Every 50th submission is a replay of an earlier one, which adds no user; every 50th from the
    // 10th adds an Administrator, which waits for approval.
    // The smoke run has two rounds, each numbering its submissions from 0.
    expect(adds.requestsByRound).toHaveLength(2);
    const replays = adds.requestsByRound.reduce((sum, n) => sum + Math.floor(n / 50), 0);
    const held = adds.requestsByRound.reduce((sum, n) => sum + Math.floor((n + 40) / 50), 0);
    const each = adds.requests - replays - held;
    expect(report.ledger).toMatchObject({ answered: adds.requests, replays, held, pendingRequests: held });
    expect(report.ledger).toMatchObject({ users: each, withOneAuditEvent: each, addedBeforeApproval: 0 });
    expect(report.ledger).toMatchObject({ withOneSetupLink: each, withOneSetupEmail: each, problems: [] });
    // Each added user's confirmation was posted to the form's response_url: one URL, posted to
    // again and again, so the fake counts posts, not URLs.
    expect(report.fakes.responseUrlPosts).toBeGreaterThanOrEqual(each);
    expect(report.fakes.responseUrlPosts).toBeGreaterThan(report.fakes.responseUrls);
    // The smoke run's 100 adds through the services, in process: each its user, audit event, link and email.
    expect(report.addsInProcess).toMatchObject({ adds: 100, concurrency: 5 });
    expect(report.addsInProcess!.cpuMsPerAdd).toBeGreaterThan(0);
    // The main thread's part of it: some, and no more than the whole process's.
    expect(report.addsInProcess!.mainThreadMsPerAdd).toBeGreaterThan(0);
    expect(report.addsInProcess!.mainThreadMsPerAdd).toBeLessThanOrEqual(report.addsInProcess!.cpuMsPerAdd);
    expect(report.addsInProcess!.ledger).toMatchObject({ users: 100, withOneAuditEvent: 100, problems: [] });
    expect(report.addsInProcess!.ledger).toMatchObject({ withOneSetupLink: 100, withOneSetupEmail: 100 });
    // The import of the smoke run's 1,000 rows: every row added, none failed.
    expect(report.import).toMatchObject({ rows: 1_000, added: 1_000, failed: 0 });
    // The budget is reported, each goal, but a smoke run (1,000 users, 5 at a time) is no load it could judge.
    const judged = report.budget!.filter((line) => line.verdict !== 'not measured').map((line) => line.goal);
    expect(report.budget!.length).toBeGreaterThan(10);
    expect(judged).toEqual(['resident memory when idle under 150 MB']);
    expect(run.code, run.stderr).toBe(0);
  }, 120_000);
});
