import type { Report, Row } from '../../../scripts/bench/report.js';

/** Latency figures with this p99 (the p50 half of it). */
export const latency = (p99: number) => ({ p50: p99 / 2, p99, max: p99 });

/** A row of Switchboard's at the budget's load (20 concurrent, 1,000 requests, no error), as changed by `fields`. */
export function benchRow(fields: Partial<Row> & { scenario: string }): Row {
  return {
    what: fields.scenario,
    target: 'Switchboard',
    concurrency: 20,
    requests: 1000,
    errors: 0,
    errorSamples: {},
    late: 0,
    limitMs: 3000,
    perSecond: 500,
    cpuMsPerRequest: 1,
    mainThreadMsPerRequest: 0.8,
    ack: latency(10),
    requestsByRound: [1000],
    ...fields,
  };
}

/** A run's report on a 2-core machine, holding `rows`, as changed by `fields`. */
export function benchReport(rows: Row[], fields: Partial<Report> = {}): Report {
  return {
    machine: { cores: 2, cpu: 'test', loadAverage: [0, 0, 0], node: 'v24', platform: 'linux' },
    options: { concurrency: 20, smoke: false, only: [] },
    seeding: { users: 10_000, ms: 1 },
    switchboard: { startMs: 1, idleRssMb: 110, maxRssMb: 219, warnings: [] },
    fakes: { slackApiCalls: {}, responseUrlPosts: 0, responseUrls: 0, connectorPosts: 0, memberLookups: 0 },
    rows,
    loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
    ...fields,
  };
}
