import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Handler } from '../http/server.js';
import type { Logger } from '../logger.js';

/** An activity is small; anything bigger is refused before it is parsed. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (plain === '::1') return true;
  return isIP(plain) === 4 && plain.startsWith('127.');
}

/** Whether a URL points at this machine (Microsoft's local tools run their connector there). */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; status: number; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ACTIVITY_BYTES) return { ok: false, status: 413, error: 'activity too large' };
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, status: 400, error: 'an activity must be a JSON object' };
    return { ok: true, body: body as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, error: 'the body is not JSON' };
  }
}

/** The part of a restify/express response that botbuilder's CloudAdapter uses, over node:http. */
export function adapterResponse(res: ServerResponse) {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(value: unknown) {
      body = value;
      return this;
    },
    end() {
      if (res.headersSent) return res.end();
      if (body === undefined) return res.writeHead(status).end();
      if (typeof body === 'string') return res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      return res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
  };
}

export interface MessagesRouteOptions {
  /** No Bot Framework credentials: only this machine may talk to the bot. */
  localMode: boolean;
  logger: Logger;
  process(request: { body: Record<string, unknown>; headers: IncomingMessage['headers']; method: string }, response: ReturnType<typeof adapterResponse>): Promise<void>;
}

/**
 * `POST /api/messages`. In local mode a request from anywhere but this machine, or one that
 * asks the bot to answer anywhere but this machine, is refused before botbuilder sees it; with
 * credentials botbuilder checks the Bot Framework token (401 without a valid one).
 */
export function messagesRoute(options: MessagesRouteOptions): Handler {
  return async (req, res) => {
    if (options.localMode && !isLoopbackAddress(req.socket.remoteAddress)) {
      options.logger.warn({ remote: req.socket.remoteAddress }, 'teams: refused a request from another machine (local mode: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID)');
      return json(res, 403, { error: 'Switchboard runs Teams in local mode: it accepts requests from this machine only' });
    }
    if (!options.localMode && !/^Bearer \S+$/i.test(req.headers.authorization ?? '')) {
      // No token at all: refused here, without botbuilder's console noise.
      res.setHeader('www-authenticate', 'Bearer');
      return json(res, 401, { error: 'a Bot Framework token is required' });
    }
    const parsed = await readJson(req);
    if (!parsed.ok) return json(res, parsed.status, { error: parsed.error });
    if (options.localMode && !isLoopbackUrl(parsed.body.serviceUrl)) {
      return json(res, 403, { error: 'In local mode the serviceUrl must be on this machine' });
    }
    await options.process({ body: parsed.body, headers: req.headers, method: req.method ?? 'POST' }, adapterResponse(res));
  };
}
