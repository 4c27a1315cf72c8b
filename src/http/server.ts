import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import { VERSION } from '../version.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** A path segment, percent-decoded; a malformed escape is kept as is (the route then finds nothing). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The one HTTP server of DESIGN.md: health here; pages, Slack and Teams add their routes. */
export class HttpServer {
  private readonly routes: Route[] = [];
  readonly server: Server;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** `path` may hold `:name` segments, e.g. `/signup/:token`. */
  route(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, key: string) => (keys.push(key), '([^/]+)'))}$`);
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  /** Routes one request; also how a route can hand a request to routes loaded later. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const matches = this.routes.filter((r) => r.pattern.test(path));
    const route = matches.find((r) => r.method === req.method);
    try {
      if (!route) {
        res.writeHead(matches.length > 0 ? 405 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: matches.length > 0 ? 'method not allowed' : 'not found' }));
        return;
      }
      const values = route.pattern.exec(path)!.slice(1);
      const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeSegment(values[i] ?? '')]));
      await route.handler(req, res, params);
    } catch (error) {
      this.logger.error({ err: error, method: req.method, path: path.replace(/\/[A-Za-z0-9_-]{43}$/, '/[token]') }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'internal error' }));
      else res.end();
    }
  }

  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Takes no new connections, lets the requests in flight finish, and cuts off what still runs after `graceMs`. */
  close(graceMs = 5_000): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), graceMs).unref();
    });
  }
}

/** `GET /healthz`: status, whether the database answers, version. 503 when it does not. */
export function healthRoute(orm: MikroORM): Handler {
  return async (_req, res) => {
    let database = false;
    try {
      database = await orm.isConnected();
      if (database) await orm.em.fork().getConnection().execute('select 1');
    } catch {
      database = false;
    }
    res.writeHead(database ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: database ? 'ok' : 'unavailable', database, version: VERSION }));
  };
}
