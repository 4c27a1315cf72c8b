/**
 * The Bot Connector service on loopback, as the activities' serviceUrl: members by id (the demo
 * Administrators' emails, for identity), and every reply or update accepted. A reply to activity X
 * (POST /v3/conversations/:c/activities/X) records when it arrived, for the reply latency. Posts
 * are answered after `postMs` (`--connector-ms`): Microsoft's service is across the internet.
 */
import type { Server } from 'node:http';
import { closeServer, epochMs, listenLoopback, sendJson } from './http-util.js';

export const TEAMS_PEOPLE = [
  { id: '29:bench-1', aadObjectId: 'aad-bench-1', name: 'Alex Stewart', email: 'alex.stewart@example.com' },
  { id: '29:bench-2', aadObjectId: 'aad-bench-2', name: 'Billy Fisher', email: 'billy.fisher@example.com' },
  { id: '29:bench-3', aadObjectId: 'aad-bench-3', name: 'Cindy Burns', email: 'cindy.burns@example.com' },
  { id: '29:bench-4', aadObjectId: 'aad-bench-4', name: 'Kyle Johnson', email: 'kyle.johnson@example.com' },
] as const;

export class FakeConnector {
  url = '';
  /** Replies: the id of the activity replied to -> epoch ms of arrival. */
  readonly replies = new Map<string, number>();
  posts = 0;
  /** GET of a member (how Switchboard learns a Teams user's email). */
  memberLookups = 0;
  unknown = 0;
  private server: Server | null = null;
  private counter = 0;

  constructor(private readonly postMs = 0) {}

  async start(): Promise<this> {
    const { server, base } = await listenLoopback((req, body, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && member) {
        this.memberLookups++;
        const found = TEAMS_PEOPLE.find((m) => m.id === member[1] || m.aadObjectId === member[1]);
        if (!found) return sendJson(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'no' } });
        return sendJson(res, 200, { ...found, userPrincipalName: found.email, tenantId: 'tenant-bench' });
      }
      if (req.method === 'POST' && path === '/v3/conversations') {
        return sendJson(res, 201, { id: `a:1on1-bench-${++this.counter}` });
      }
      const activity = /^\/v3\/conversations\/[^/]+\/activities(?:\/([^/]+))?$/.exec(path);
      if (activity && (req.method === 'POST' || req.method === 'PUT')) {
        this.posts++;
        const replyTo = activity[1] ?? (JSON.parse(body || '{}') as { replyToId?: string }).replyToId;
        if (req.method === 'POST' && replyTo && !this.replies.has(replyTo)) this.replies.set(replyTo, epochMs());
        const posted = { id: `posted-${++this.counter}` };
        if (this.postMs > 0) return void setTimeout(() => sendJson(res, 200, posted), this.postMs);
        return sendJson(res, 200, posted);
      }
      this.unknown++;
      sendJson(res, 404, { error: { code: 'NotFound', message: path } });
    });
    this.server = server;
    this.url = `${base}/`;
    return this;
  }

  close(): Promise<void> {
    return this.server ? closeServer(this.server) : Promise.resolve();
  }
}
