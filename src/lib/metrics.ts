import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ApprovalRequest } from '../domain/entities/approval-request.js';
import { OutboxMessage } from '../domain/entities/outbox-message.js';
import type { Handler } from '../http/server.js';

/**
 * The process-wide metrics: counted where things happen (command dispatch, the chat
 * acknowledgements), cheap enough for the hot path (a label lookup and an increment).
 */
export const processMetrics = new Registry();

export const COMMAND_OUTCOMES = ['ok', 'refused', 'form', 'usage', 'unknown', 'error'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

const commands = new Counter({
  name: 'switchboard_commands_total',
  help: 'Commands run, by command definition name (never the typed text), platform and outcome',
  labelNames: ['command', 'platform', 'outcome'] as const,
  registers: [processMetrics],
});

const acknowledgements = new Histogram({
  name: 'switchboard_ack_latency_seconds',
  help: 'Time from a chat request arriving to its acknowledgement (Slack) or answer (Teams), by platform',
  labelNames: ['platform'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [processMetrics],
});

/** `command` is a CommandDefinition's words (`user add`), or `unknown` when no command matched. */
export function countCommand(command: string, platform: string, outcome: CommandOutcome): void {
  commands.inc({ command, platform, outcome });
}

/** `startedAt` from performance.now(). */
export function observeAcknowledgement(platform: 'slack' | 'teams', startedAt: number): void {
  acknowledgements.observe({ platform }, (performance.now() - startedAt) / 1000);
}

/**
 * Gauges read from the database when /metrics is scraped, never on a request: the outbox
 * backlog (pending or sending) and failures, and approval requests waiting for a decision.
 */
function databaseGauges(orm: MikroORM, registry: Registry): void {
  const gauge = (name: string, help: string, count: () => Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await count());
      },
    });
  gauge('switchboard_outbox_backlog', 'Emails waiting to be sent (pending, or being sent)', () =>
    orm.em.fork().count(OutboxMessage, { status: { $in: ['pending', 'sending'] } }),
  );
  gauge('switchboard_outbox_failed', 'Emails given up on after their attempts', () =>
    orm.em.fork().count(OutboxMessage, { status: 'failed' }),
  );
  gauge('switchboard_approvals_pending', 'Approval requests waiting for a decision', () =>
    orm.em.fork().count(ApprovalRequest, { state: 'pending' }),
  );
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `GET /metrics` in Prometheus text format: the process metrics, Node's default ones and the
 * database gauges. With `token` (METRICS_TOKEN) a scrape needs `Authorization: Bearer <token>`.
 */
export function metricsRoute(orm: MikroORM, options: { token?: string | undefined } = {}): Handler {
  const own = new Registry();
  collectDefaultMetrics({ register: own, prefix: 'switchboard_' });
  databaseGauges(orm, own);
  const registry = Registry.merge([processMetrics, own]);
  return async (req, res) => {
    if (options.token && !bearerMatches(req, options.token)) {
      res
        .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' })
        .end('a bearer token is required\n');
      return;
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(body);
  };
}
