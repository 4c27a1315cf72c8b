import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'node:querystring';
import { defaultBodyLimit, HTTPModuleFunctions, isRawBodyError } from '@slack/bolt';
import type { Logger } from '../lib/logger.js';

const FORM = 'application/x-www-form-urlencoded';

/** Slack signs a request with its timestamp and accepts five minutes of skew; so does this, either way. */
const MAX_SKEW_S = 300;

const SIGNATURE = /^v0=([0-9a-f]{64})$/;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Slack's request signature (`X-Slack-Signature: v0=` HMAC-SHA256 over `v0:<timestamp>:<body>`
 * with the app's signing secret), checked on the raw body's bytes. The secret becomes a key object
 * once, and the digests are compared with `timingSafeEqual`: Bolt's own check makes a key from the
 * secret and compares with two more HMACs under a random key on every request, about ten times
 * the cost.
 */
export class SlackSignature {
  private readonly key: KeyObject;

  constructor(signingSecret: string) {
    if (!signingSecret) throw new Error('SLACK_SIGNING_SECRET is empty');
    this.key = createSecretKey(Buffer.from(signingSecret, 'utf8'));
  }

  /** Why the request is not Slack's (for the log, never for the caller), or null when it is. */
  problem(timestamp: unknown, signature: unknown, body: Buffer, nowMs = Date.now()): string | null {
    if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) return 'no request timestamp';
    if (Math.abs(Number(timestamp) - nowMs / 1000) > MAX_SKEW_S) return 'timestamp more than 5 minutes off';
    const given = typeof signature === 'string' ? SIGNATURE.exec(signature)?.[1] : undefined;
    if (!given) return 'no v0 signature';
    const expected = createHmac('sha256', this.key).update(`v0:${timestamp}:`).update(body).digest();
    return timingSafeEqual(Buffer.from(given, 'hex'), expected) ? null : 'signature mismatch';
  }
}

/** An ssl_check from Slack (form-encoded `ssl_check=1`): answered 200, never run, signed or not. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return req.headers['content-type'] === FORM && parse(body.toString('utf8')).ssl_check === '1';
}

/**
 * Reads the body (at most Bolt's limit: 413 beyond it) and checks the signature, answering 401
 * when it is not Slack's and 200 to an ssl_check; true when the request, its body kept as
 * `rawBody` for Bolt's receiver (which then checks nothing again), is Slack's to handle.
 */
export async function acceptSlackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  signature: SlackSignature,
  logger: Logger,
): Promise<boolean> {
  let body: Buffer;
  try {
    body = (await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit)).rawBody;
  } catch (error) {
    const tooLarge = isRawBodyError(error) && (error.type === 'entity.too.large' || error.statusCode === 413);
    res.writeHead(tooLarge ? 413 : 400).end();
    return false;
  }
  const problem = signature.problem(req.headers['x-slack-request-timestamp'], req.headers['x-slack-signature'], body);
  if (!problem) return true;
  if (isSslCheck(req, body)) {
    res.writeHead(200).end();
    return false;
  }
  logger.warn({ problem }, 'slack: a request not signed by Slack was refused');
  res.writeHead(401).end();
  return false;
}
