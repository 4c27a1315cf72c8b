import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
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

/**
 * Sockets listening on the port, all handing their connections to the one HTTP server. Node's
 * event loop (libuv) accepts one connection per listening socket per turn, and under load a turn
 * carries milliseconds of work: 20 connections opened at once waited for 20 turns, the last
 * 200 to 400 ms under `user add`. On Linux the port is shared (SO_REUSEPORT) by this many sockets
 * of this process, among which the kernel spreads new connections: as many accepted per turn.
 */
export const LISTENING_SOCKETS = process.platform === 'linux' ? 4 : 1;

/** The one HTTP server of DESIGN.md: health here; pages, Slack and Teams add their routes. */
export class HttpServer {
  private readonly routes: Route[] = [];
  readonly server: Server;
  /** The sockets beside the server's own on its port (LISTENING_SOCKETS). */
  private readonly besides: NetServer[] = [];

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
   * StartupError naming PORT and the fix. With more than one socket (LISTENING_SOCKETS), the port
   * is first taken alone for a moment: a shared port must not be shared with another program,
   * such as a Switchboard still running there.
   */
  async listen(port: number, host?: string, sockets = LISTENING_SOCKETS): Promise<number> {
    const shared = sockets > 1;
    if (shared && port !== 0) {
      const alone = createNetServer();
      await listenOn(alone, { port, host });
      await closeServer(alone);
    }
    const bound = await listenOn(this.server, { port, host, reusePort: shared });
    try {
      for (let i = 1; i < sockets; i++) {
        const beside = createNetServer((socket) => this.server.emit('connection', socket));
        await listenOn(beside, { port: bound, host, reusePort: true });
        this.besides.push(beside);
      }
    } catch (error) {
      await Promise.all([this.server, ...this.besides.splice(0)].map(closeServer));
      throw error;
    }
    // A connection that could not be accepted (EMFILE: out of file descriptors) is logged, not fatal.
    const acceptFailed = (error: Error) =>
      this.logger.error({ err: error }, 'http: a connection could not be accepted');
    for (const listening of [this.server, ...this.besides]) listening.on('error', acceptFailed);
    return bound;
  }

  /** Takes no new connections, lets the requests in flight finish, and cuts off what still runs after `graceMs`. */
  close(graceMs = 5_000): Promise<void> {
    for (const beside of this.besides.splice(0)) beside.close();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), graceMs).unref();
    });
  }
}

/** Listens with `options`; its port, or the listening error explained (explainListenError). */
function listenOn(server: NetServer, options: { port: number; host?: string; reusePort?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(explainListenError(error, options.port, options.host));
    server.once('error', failed);
    server.listen(options, () => {
      server.off('error', failed);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
}

const closeServer = (server: NetServer): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

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
