import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { processMetrics } from '../lib/metrics.js';
import type { Handler } from './server.js';

/** A gauge counted when `GET /metrics` is scraped, never on a request (src/app/monitoring.ts gives them). */
export interface GaugeSource {
  name: string;
  help: string;
  count(): Promise<number>;
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `GET /metrics` in Prometheus text format: the process metrics (src/lib/metrics.ts), Node's default
 * ones and the given gauges. With `token` (METRICS_TOKEN) a scrape needs `Authorization: Bearer <token>`.
 */
export function metricsRoute(gauges: GaugeSource[], options: { token?: string | undefined } = {}): Handler {
  const own = new Registry();
  collectDefaultMetrics({ register: own, prefix: 'switchboard_' });
  for (const { name, help, count } of gauges)
    new Gauge({
      name,
      help,
      registers: [own],
      async collect() {
        this.set(await count());
      },
    });
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
