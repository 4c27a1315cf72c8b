import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

/** Slack's v0 signature: HMAC-SHA256 of `v0:${timestamp}:${rawBody}` with the signing secret. */
export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Replaces the computed signature. */
  signature?: string;
  retryNum?: number;
}

export interface SlackAnswer {
  status: number;
  /** Parsed JSON, the raw text, or null for an empty body. */
  body: any;
  /** Milliseconds from sending to the acknowledgement. */
  ms: number;
}

/** Posts a raw body to the receiver exactly as Slack would, signed unless told otherwise. */
export async function sendSigned(
  url: string,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SlackAnswer> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signature(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body, ms };
}

export const FORM = 'application/x-www-form-urlencoded';

/** A slash command body, as Slack posts it (form-encoded). */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_domain: 'switchboard-test',
    channel_name: 'ops',
    user_name: 'someone',
    command: '/portal',
    api_app_id: 'A0SWITCH',
    is_enterprise_install: 'false',
    ...fields,
  }).toString();
}

/** An interaction body (block actions, view submissions): `payload=<json>`, form-encoded. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API body (JSON). */
export function eventBody(teamId: string, event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0SWITCH',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event,
  });
}
