/**
 * The Slack Web API (SLACK_API_URL = `${base}/api/`) and response_urls (`${base}/respond/<n>`) on loopback.
 * users.info gives the bench Slack users the demo Administrators' emails; views.open keeps the last view
 * opened (the `user add` form, whose private_metadata the submissions reuse); everything else is `ok`.
 */
import type { Server } from 'node:http';
import { closeServer, epochMs, listenLoopback, sendJson } from './http-util.js';

/** Bench Slack users and the demo Administrators they are (src/app/demo-data.ts). */
export const SLACK_PEOPLE = [
  ['UBENCH1', 'alex.stewart@example.com'],
  ['UBENCH2', 'billy.fisher@example.com'],
  ['UBENCH3', 'cindy.burns@example.com'],
  ['UBENCH4', 'kyle.johnson@example.com'],
] as const;

export class FakeSlack {
  base = '';
  /** response_url posts: request number -> epoch ms of the latest arrival. */
  readonly responses = new Map<string, number>();
  /** How many times a response_url was posted to (a URL may be posted to more than once). */
  responsePosts = 0;
  readonly calls = new Map<string, number>();
  lastView: Record<string, unknown> | null = null;
  private server: Server | null = null;
  private views = 0;

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    const { server, base } = await listenLoopback((req, body, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/respond/')) {
        this.responsePosts++;
        this.responses.set(url.pathname.slice('/respond/'.length), epochMs());
        return sendJson(res, 200, { ok: true });
      }
      const method = url.pathname.replace(/^\/api\//, '');
      this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
      const args = parseArgs(body, req.headers['content-type']);
      sendJson(res, 200, this.answer(method, args));
    });
    this.server = server;
    this.base = base;
    return this;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'users.info': {
        const person = SLACK_PEOPLE.find(([id]) => id === args.user);
        if (!person) return { ok: false, error: 'user_not_found' };
        const profile = { email: person[1] };
        return { ok: true, user: { id: person[0], team_id: 'TBENCH', deleted: false, is_bot: false, profile } };
      }
      case 'views.open':
      case 'views.push':
        this.lastView = args.view as Record<string, unknown>;
        return { ok: true, view: { ...this.lastView, id: `V${++this.views}`, hash: `h${this.views}` } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: '1700000000.000100' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: '1700000000.000200' };
      default:
        return { ok: true };
    }
  }

  close(): Promise<void> {
    return this.server ? closeServer(this.server) : Promise.resolve();
  }
}

function parseArgs(text: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  return args;
}
