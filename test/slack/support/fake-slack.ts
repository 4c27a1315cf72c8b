import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it: the method and its arguments (JSON fields parsed). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  /** What the fake answered. */
  result?: Record<string, unknown>;
}

/** One POST to a response_url. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

/** A file a Slack user put in a form's file input, which the app downloads with its bot token. */
export interface FakeSlackFile {
  name: string;
  content: string;
}

/** A file the app uploaded (files.uploadV2): where the bytes went, and the call that shared it. */
export interface FakeUpload {
  fileId: string;
  content: string;
}

export interface FakeSlackUser {
  email?: string;
  is_bot?: boolean;
  deleted?: boolean;
  is_email_confirmed?: boolean;
}

type Answer =
  | Record<string, unknown>
  | ((args: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(text: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes('json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

/**
 * The Slack Web API on loopback (SLACK_API_URL points at `apiUrl`), answering like Slack for
 * the methods Switchboard calls, plus response_url endpoints. Records everything it gets.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  /** Files users put in forms, by file id: files.info and url_private_download serve them. */
  readonly files = new Map<string, FakeSlackFile>();
  /** Downloads of `files`: the file id and the token the app sent. */
  readonly downloads: { fileId: string; token: string | null }[] = [];
  readonly uploads: FakeUpload[] = [];
  private uploadIds = 0;
  private readonly answers = new Map<string, Answer>();
  private readonly delays = new Map<string, number>();
  private server: Server | null = null;
  private views = 0;
  private responseIds = 0;
  base = '';

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const text = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://localhost');
        const respond = (status: number, body: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (url.pathname.startsWith('/files/')) {
          const fileId = url.pathname.slice('/files/'.length);
          const token = req.headers.authorization?.replace(/^Bearer /, '') ?? null;
          this.downloads.push({ fileId, token });
          const file = this.files.get(fileId);
          // Slack answers a download without the bot token with its sign-in page, not the file.
          if (!file || token !== 'xoxb-test-token') res.writeHead(404).end('not found');
          else res.writeHead(200, { 'content-type': 'text/csv' }).end(file.content);
          return;
        }
        if (url.pathname.startsWith('/upload/')) {
          this.uploads.push({ fileId: url.pathname.slice('/upload/'.length), content: text });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('OK - 1');
          return;
        }
        if (url.pathname.startsWith('/respond/')) {
          this.responses.push({
            id: url.pathname.slice('/respond/'.length),
            body: JSON.parse(text) as Record<string, unknown>,
            at: performance.now(),
          });
          respond(url.pathname.endsWith('/expired') ? 404 : 200, { ok: !url.pathname.endsWith('/expired') });
          return;
        }
        const method = url.pathname.replace(/^\/api\//, '');
        const args = parseArgs(text, req.headers['content-type']);
        const call: ApiCall = {
          method,
          args,
          token: req.headers.authorization?.replace(/^Bearer /, '') ?? null,
          at: performance.now(),
        };
        this.calls.push(call);
        const delay = this.delays.get(method);
        if (delay) await new Promise((r) => setTimeout(r, delay));
        const answer = this.answers.get(method);
        call.result = answer
          ? typeof answer === 'function'
            ? await answer(args)
            : answer
          : this.standard(method, args);
        respond(200, call.result);
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** A new response_url; `expired` makes it answer 404 like a used-up one. */
  responseUrl(expired = false): { id: string; url: string } {
    const id = `r${++this.responseIds}${expired ? '/expired' : ''}`;
    return { id, url: `${this.base}/respond/${id}` };
  }

  /** Overrides the answer of a method. */
  answer(method: string, answer: Answer): void {
    this.answers.set(method, answer);
  }

  /** Makes a method answer late. */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.answers.clear();
    this.delays.clear();
    this.downloads.length = 0;
    this.uploads.length = 0;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponsePost[] {
    return this.responses.filter((r) => r.id === id);
  }

  private standard(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'users.info': {
        const id = String(args.user);
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            team_id: 'T1',
            name: id.toLowerCase(),
            deleted: user.deleted ?? false,
            is_bot: user.is_bot ?? false,
            ...(user.is_email_confirmed === undefined ? {} : { is_email_confirmed: user.is_email_confirmed }),
            profile: user.email ? { email: user.email } : {},
          },
        };
      }
      case 'views.open':
      case 'views.push':
        if (String(args.trigger_id).startsWith('expired')) return { ok: false, error: 'expired_trigger_id' };
        return { ok: true, view: { ...(args.view as object), id: `V${++this.views}`, hash: `h${this.views}` } };
      case 'views.publish':
        return { ok: true, view: { ...(args.view as object), id: `VH${++this.views}` } };
      case 'files.info': {
        const id = String(args.file);
        const file = this.files.get(id);
        if (!file) return { ok: false, error: 'file_not_found' };
        const size = Buffer.byteLength(file.content);
        return { ok: true, file: { id, name: file.name, size, url_private_download: `${this.base}/files/${id}` } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'files.getUploadURLExternal': {
        const fileId = `FU${++this.uploadIds}`;
        return { ok: true, upload_url: `${this.base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: args.files };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: '1700000000.000100' };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: '1700000000.000200' };
      default:
        return { ok: true };
    }
  }
}
