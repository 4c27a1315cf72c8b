import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackAddress, isLoopbackUrl, readJsonObject, sendJson as json } from '../http/json-body.js';
import type { Handler } from '../http/server.js';
import type { Logger } from '../lib/logger.js';
import type { TokenVerdict } from './auth/token-check.js';
import { answersNothing, type TurnsAfterAck } from './after-ack.js';

/** An activity is small; anything bigger is refused before it is parsed. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** What the adapter answers an activity: an invoke's status and body, or nothing (200). */
export type AdapterAnswer = { status: number; body?: unknown } | undefined;

export interface MessagesRouteOptions {
  /** No Bot Framework credentials: only this machine may talk to the bot. */
  localMode: boolean;
  logger: Logger;
  /** With credentials: the token checked before botbuilder sees the activity. */
  checkToken?(authorization: string, activity: Record<string, unknown>): Promise<TokenVerdict>;
  /**
   * Runs the activity through the adapter (which authenticates it again); `turnStarts` is called
   * once the adapter has authenticated it and its turn begins.
   */
  process(activity: Record<string, unknown>, authorization: string, turnStarts?: () => void): Promise<AdapterAnswer>;
  /** Where an activity whose answer carries nothing is answered (200) as its turn begins, not after it. */
  afterAck?: TurnsAfterAck;
  /** Told when an activity's answer went out (not a refusal), with when its request arrived (performance.now()). */
  acknowledged?(arrivedAt: number): void;
}

/**
 * Headers a reverse proxy adds. A request carrying one came through a proxy, so its loopback
 * peer says nothing of where it came from: local mode refuses it (a proxy on this machine must
 * not open the unauthenticated bot to the internet).
 */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'] as const;

/** Where a request came from when it is not plainly this machine (through a proxy, or another machine); else null. */
function notFromThisMachine(req: IncomingMessage): string | null {
  const proxied = FORWARDING_HEADERS.find((name) => req.headers[name] !== undefined);
  if (proxied) return `through a proxy (${proxied})`;
  return isLoopbackAddress(req.socket.remoteAddress) ? null : 'from another machine';
}

const NO_KEYS =
  'Switchboard cannot verify Bot Framework tokens just now: the Bot Framework key set is unreachable. Try again shortly.';

/** A failed authentication or an unreachable key set, as botbuilder reports them (AuthenticationError, node-fetch's FetchError). */
function adapterFailure(error: unknown): { status: 401 | 503; reason: string } | null {
  const e = error as { name?: string; statusCode?: unknown; message?: string; constructor?: { name?: string } };
  if (e?.name === 'FetchError') return { status: 503, reason: e.message ?? 'fetch failed' };
  if (e?.constructor?.name !== 'AuthenticationError' || typeof e.statusCode !== 'number') return null;
  return { status: e.statusCode >= 500 ? 503 : 401, reason: e.message ?? 'not authenticated' };
}

function refuse(res: ServerResponse, status: 401 | 503, reason: string, logger: Logger): void {
  if (status === 503) {
    logger.error({ reason }, 'teams: cannot verify Bot Framework tokens: the key set is unreachable; answered 503');
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '30' }).end(NO_KEYS);
    return;
  }
  logger.warn({ reason }, 'teams: refused a request whose Bot Framework token cannot be verified (401)');
  res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
  json(res, 401, { error: 'the Bot Framework token could not be verified' });
}

/**
 * `POST /api/messages`. In local mode a request from anywhere but this machine (or through a
 * proxy), or one that asks the bot to answer anywhere but this machine, is refused before
 * botbuilder sees it. With
 * credentials the Bot Framework token is checked first (`checkToken`): one that cannot be
 * verified is 401, and 503 (plain text) while the key set is unreachable; botbuilder sees only
 * tokens that pass. Every refusal and failure is one line of the JSON log, never a stack trace
 * on the console, and no internal error text reaches the caller.
 */
export function messagesRoute(options: MessagesRouteOptions): Handler {
  const { logger } = options;
  return async (req, res) => {
    const arrived = performance.now();
    const from = options.localMode ? notFromThisMachine(req) : null;
    if (from) {
      const hint = 'local mode: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID';
      logger.warn({ remote: req.socket.remoteAddress }, `teams: refused a request ${from} (${hint})`);
      return json(res, 403, {
        error: `Switchboard runs Teams in local mode: it accepts requests from this machine only, not ${from}`,
      });
    }
    const authorization = req.headers.authorization ?? '';
    if (!options.localMode && !/^Bearer \S+$/i.test(authorization)) {
      // No token at all: refused here, without botbuilder's console noise.
      res.setHeader('www-authenticate', 'Bearer');
      return json(res, 401, { error: 'a Bot Framework token is required' });
    }
    const parsed = await readJsonObject(req, MAX_ACTIVITY_BYTES, 'an activity');
    if (!parsed.ok) return json(res, parsed.status, { error: parsed.error });
    if (typeof parsed.body.type !== 'string' || !parsed.body.type)
      return json(res, 400, { error: 'an activity needs a type' });
    if (options.localMode && !isLoopbackUrl(parsed.body.serviceUrl)) {
      return json(res, 403, { error: 'In local mode the serviceUrl must be on this machine' });
    }
    if (!options.localMode && options.checkToken) {
      const verdict = await options.checkToken(authorization, parsed.body);
      if (!verdict.ok) return refuse(res, verdict.status, verdict.reason, logger);
    }
    const activity = parsed.body;
    if (options.afterAck?.hasRoom() && answersNothing(activity)) {
      return options.afterAck.run(() => answerAtTurnStart(options, res, activity, authorization, arrived));
    }
    let answer: AdapterAnswer;
    try {
      answer = await options.process(activity, authorization);
    } catch (error) {
      return answerFailure(options.logger, res, error, activity.type);
    }
    send(res, answer);
    options.acknowledged?.(arrived);
  };
}

function send(res: ServerResponse, answer: AdapterAnswer): void {
  if (answer?.body === undefined) res.writeHead(answer?.status ?? 200).end();
  else json(res, answer.status, answer.body);
}

/** A failed authentication (401 or 503), else a 500 without internal text; logged either way. */
function answerFailure(logger: Logger, res: ServerResponse, error: unknown, type: unknown): void {
  const known = adapterFailure(error);
  if (known) return refuse(res, known.status, known.reason, logger);
  logger.error({ err: error, activity: type }, 'teams: an activity could not be processed');
  json(res, 500, { error: 'Switchboard could not process this activity; it has been logged' });
}

/**
 * Answers 200 once botbuilder has authenticated the activity and its turn begins, so that the
 * channel's request does not wait for the replies the turn posts to the Bot Connector. A failure
 * before then is answered as before (401, 503, 500); one after it can only be logged.
 */
async function answerAtTurnStart(
  options: MessagesRouteOptions,
  res: ServerResponse,
  activity: Record<string, unknown>,
  authorization: string,
  arrived: number,
): Promise<void> {
  let answered = false;
  const turnStarts = () => {
    if (answered) return;
    answered = true;
    res.writeHead(200).end();
    options.acknowledged?.(arrived);
  };
  let answer: AdapterAnswer;
  try {
    answer = await options.process(activity, authorization, turnStarts);
  } catch (error) {
    if (!answered) return answerFailure(options.logger, res, error, activity.type);
    options.logger.error({ err: error, activity: activity.type }, 'teams: an activity could not be processed');
    return;
  }
  if (answered) return;
  send(res, answer);
  options.acknowledged?.(arrived);
}
