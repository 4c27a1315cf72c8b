import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { requestContext, type Logger } from '../lib/logger.js';
import { StartupError } from '../lib/startup-error.js';
import { sendJson } from './json-body.js';
import { VERSION } from '../lib/version.js';

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => Promise<void> | void;

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
    const pattern = new RegExp(
      `^${path
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/:(\w+)/g, (_m, key: string) => (keys.push(key), '([^/]+)'))}$`,
    );
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  /**
   * Routes one request under its request id (a well-formed incoming `x-request-id`, else a new
   * one), echoed in the response and on every log line; also how a route hands a request on.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (requestContext.getStore()) return this.dispatch(req, res);
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    return requestContext.run({ requestId }, () => this.dispatch(req, res));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const matches = this.routes.filter((r) => r.pattern.test(path));
    const route = matches.find((r) => r.method === req.method);
    try {
      if (!route) {
        sendJson(res, matches.length > 0 ? 405 : 404, {
          error: matches.length > 0 ? 'method not allowed' : 'not found',
        });
        return;
      }
      const values = route.pattern.exec(path)!.slice(1);
      const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeSegment(values[i] ?? '')]));
      await route.handler(req, res, params);
    } catch (error) {
      this.logger.error(
        { err: error, method: req.method, path: path.replace(/\/[A-Za-z0-9_-]{43}$/, '/[token]') },
        'request failed',
      );
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    }
  }

  /** The address and port it really listens on (after listen()). */
  address(): AddressInfo {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('HttpServer.address(): not listening on a TCP port');
    return address;
  }

  /**
   * Listens (on all interfaces without `host`); a port that is taken or not allowed is a
   * StartupError naming PORT and the fix.
   */
  listen(port: number, host?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) => reject(explainListenError(error, port, host)));
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

const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's `x-request-id` (a proxy's), when it is one plain token; else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && WELL_FORMED_REQUEST_ID.test(given) ? given : randomUUID();
}

function explainListenError(error: NodeJS.ErrnoException, port: number, host?: string): Error {
  const where = host ? `${host}:${port}` : `port ${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(
        `PORT: ${where} is already in use (another Switchboard?); stop that program or set PORT to a free port`,
      );
    case 'EACCES':
      return new StartupError(`PORT: this user may not listen on ${where}; use a port above 1023, or a reverse proxy`);
    case 'EADDRNOTAVAIL':
      return new StartupError(`HOST: ${host} is not an address of this machine; use one of its addresses, or 0.0.0.0`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `HOST: ${host} is not a name this machine can resolve; use an IP address such as 127.0.0.1, or 0.0.0.0`,
      );
    default:
      return error;
  }
}

/** What `GET /healthz` reports of the database (src/app/monitoring.ts asks it). */
export interface DatabaseHealth {
  /** It answers a query. */
  database: boolean;
  /** It takes a write. */
  writable: boolean;
}

/**
 * `GET /healthz`: status, whether the database answers and takes writes, version. 503 when it
 * does not answer (`unavailable`) or cannot be written (`read-only`).
 */
export function healthRoute(check: () => Promise<DatabaseHealth>): Handler {
  return async (_req, res) => {
    let database = false;
    let writable = false;
    try {
      ({ database, writable } = await check());
    } catch {
      database = false;
    }
    const status = !database ? 'unavailable' : writable ? 'ok' : 'read-only';
    res.setHeader('cache-control', 'no-store');
    sendJson(res, status === 'ok' ? 200 : 503, { status, database, writable, version: VERSION });
  };
}
