import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine } from '../../commands/index.js';
import { databaseGauges } from '../../src/app/monitoring.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { HttpServer } from '../../src/http/server.js';
import { metricsRoute } from '../../src/http/metrics.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
let acc: TestAccount;
let http: HttpServer;
let base: string;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
  http = new HttpServer(sb.deps.logger)
    .route('GET', '/metrics', metricsRoute(databaseGauges(sb)))
    .route('GET', '/metrics-protected', metricsRoute(databaseGauges(sb), { token: 'scrape-secret-1234' }));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample, e.g. `switchboard_outbox_backlog` or `switchboard_commands_total{command="users",...}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(name) || !/^[^{ ]+[{ ]/.test(l) || l.split(/[{ ]/)[0] !== name) return false;
    return wanted.every((w) => l.includes(w));
  });
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics', () => {
  it('counts commands by their definition name and outcome, never by the typed text', async () => {
    const ctx = { deps: sb.deps, actor: acc.actor };
    const before = await scrape();
    await runCommandLine(ctx, 'users');
    await runCommandLine(ctx, 'user show nobody-here');
    await runCommandLine(ctx, 'user add');
    await runCommandLine(ctx, 'frobnicate secret-looking-text-9f8e');
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      sample(after, 'switchboard_commands_total', labels) - sample(before, 'switchboard_commands_total', labels);
    expect(delta({ command: 'users', platform: 'slack', outcome: 'ok' })).toBe(1);
    expect(delta({ command: 'user show', platform: 'slack', outcome: 'refused' })).toBe(1);
    expect(delta({ command: 'user add', platform: 'slack', outcome: 'form' })).toBe(1);
    expect(delta({ command: 'unknown', platform: 'slack', outcome: 'unknown' })).toBe(1);
    expect(after).not.toContain('frobnicate');
    expect(after).not.toContain('nobody-here');
  });

  it('reads the outbox backlog and failures and the pending approvals from the database when scraped', async () => {
    const ctx = { deps: sb.deps, actor: acc.actor };
    await runCommandLine(ctx, 'invite jo.metrics@example.com --role support');
    await runCommandLine(ctx, 'invite boss.metrics@example.com --role admin');
    const em = sb.orm.em.fork();
    await em.nativeUpdate(OutboxMessage, { recipient: 'jo.metrics@example.com' }, { status: 'failed' });
    const text = await scrape();
    const backlog = await em.count(OutboxMessage, { status: { $in: ['pending', 'sending'] } });
    const pending = await em.count(ApprovalRequest, { state: 'pending' });
    expect(pending).toBeGreaterThan(0);
    expect(sample(text, 'switchboard_outbox_backlog')).toBe(backlog);
    expect(sample(text, 'switchboard_outbox_failed')).toBe(1);
    expect(sample(text, 'switchboard_approvals_pending')).toBe(pending);
    expect(text).toContain('switchboard_ack_latency_seconds');
    expect(text).toContain('switchboard_process_resident_memory_bytes');
  });

  it('with METRICS_TOKEN, answers 401 unless the scrape carries the bearer token', async () => {
    expect((await fetch(`${base}/metrics-protected`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics-protected`, { headers: { authorization: 'Bearer scrape-secret-0000' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${base}/metrics-protected`, { headers: { authorization: 'Bearer scrape-secret-1234' } });
    expect(right.status).toBe(200);
    expect(await right.text()).not.toContain('scrape-secret');
  });
});
