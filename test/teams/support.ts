import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpServer } from '../../src/http/server.js';
import { mountTeams, type TeamsBot, type TeamsBotOptions } from '../../src/teams/index.js';
import type { AdaptiveCard } from '../../src/teams/cards/elements.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';

export const TENANT = 'tenant-0001';
export const BOT = { id: '28:switchboard-bot', name: 'Switchboard' };

export interface Member {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
}

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, any>;
  authorization?: string;
}

/** A local stand-in for the Bot Connector service: members by id, and every activity posted or updated. */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  readonly members = new Map<string, Member>();
  private server!: Server;
  private counter = 0;
  url = '';
  /** Whether the bot may start 1:1 chats (false: as when the app is not installed for the person). */
  personalChats = true;
  /** Conversations the bot was removed from: posting there is refused. */
  readonly removedFrom = new Set<string>();
  /**
   * Whether a member is also found by AAD object id, as Teams finds them; false: by channel user
   * id (`from.id`) only, as Microsoft 365 Agents Playground does (404 for the object id).
   */
  membersByAadObjectId = true;
  /** While set, activities posted into conversations are answered only once it resolves (a slow service). */
  postsWaitFor: Promise<void> | null = null;
  /** Files attached to messages, by name: served at `files/<name>` as Teams' download URLs serve them. */
  readonly files = new Map<string, string>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const body = raw ? JSON.parse(raw) : {};
        this.calls.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
        const send = (status: number, value: unknown) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.method === 'GET' && path.startsWith('/files/')) {
          const file = this.files.get(path.slice('/files/'.length));
          return file === undefined
            ? send(404, { error: { code: 'NotFound', message: path } })
            : res.writeHead(200, { 'content-type': 'text/csv' }).end(file);
        }
        const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
        if (req.method === 'GET' && member) {
          const asked = member[1];
          const found = [...this.members.values()].find(
            (m) => m.id === asked || (this.membersByAadObjectId && m.aadObjectId === asked),
          );
          return found
            ? send(200, { ...found, userPrincipalName: found.email, tenantId: TENANT, userRole: 'user' })
            : send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
        }
        // A 1:1 chat with one member (the bot starting it): the same id for the same member, as Teams does.
        if (req.method === 'POST' && path === '/v3/conversations') {
          const member = body.members?.[0]?.id;
          if (body.isGroup || typeof member !== 'string' || !this.personalChats)
            return send(400, { error: { code: 'BadSyntax', message: 'cannot create that conversation' } });
          return send(201, { id: `a:1on1-${member}` });
        }
        const into = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(path);
        if (req.method === 'POST' && into && this.removedFrom.has(into[1]!))
          return send(403, {
            error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
          });
        if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)) {
          const id = `posted-${++this.counter}`;
          if (this.postsWaitFor) return void this.postsWaitFor.then(() => send(200, { id }));
          return send(200, { id });
        }
        if (req.method === 'PUT' && /^\/v3\/conversations\/[^/]+\/activities\/[^/]+$/.test(path))
          return send(200, { id: path.split('/').pop() });
        send(404, { error: { code: 'NotFound', message: path } });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** A CSV attached to a personal-chat message, as Teams sends it (a pre-authorised download URL). */
  attachFile(name: string, content: string): Record<string, unknown> {
    this.files.set(name, content);
    return {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name,
      contentUrl: `${this.url}files/${name}`,
      content: { downloadUrl: `${this.url}files/${name}`, uniqueId: `u-${name}`, fileType: 'csv' },
    };
  }

  addMember(member: Member): Member {
    this.members.set(member.id, member);
    return member;
  }

  /** Activities sent into conversations (POST), newest last. */
  posted(): Record<string, any>[] {
    return this.calls.filter((c) => c.method === 'POST' && /\/activities(\/[^/]+)?$/.test(c.path)).map((c) => c.body);
  }

  /** Activities posted into one conversation (new messages and replies), oldest first. */
  postedTo(conversationId: string): Record<string, any>[] {
    const prefix = `/v3/conversations/${conversationId}/activities`;
    return this.calls
      .filter((c) => c.method === 'POST' && (c.path === prefix || c.path.startsWith(`${prefix}/`)))
      .map((c) => c.body);
  }

  updated(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  memberLookups(): number {
    return this.memberLookupPaths().length;
  }

  /** The member ids asked for, in order. */
  memberLookupPaths(): string[] {
    return this.calls
      .filter((c) => c.method === 'GET' && c.path.includes('/members/'))
      .map((c) => c.path.split('/members/')[1]!);
  }

  reset(): void {
    this.calls.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export interface TestBot {
  url: string;
  bot: TeamsBot;
  http: HttpServer;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** The Teams adapter on its own HTTP server, as main.ts mounts it. */
export async function startTestBot(sb: TestSwitchboard, options: Partial<TeamsBotOptions> = {}): Promise<TestBot> {
  const http = new HttpServer(sb.deps.logger);
  const bot = mountTeams(http, { deps: sb.deps, logger: sb.deps.logger, teams: undefined, ...options });
  const port = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/api/messages`;
  return {
    url,
    bot,
    http,
    async post(activity, headers = {}) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      // A message is answered (200) before its turn runs: what it posts is there once the turn ends.
      await bot.afterAck.idle();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // plain text
      }
      return { status: res.status, body };
    },
    close: () => http.close(),
  };
}

let sequence = 0;

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface Where {
  connector: FakeConnector;
  from: Member;
  conversationType?: ConversationType;
  conversationId?: string;
  replyToId?: string;
}

function base(where: Where): Record<string, unknown> {
  const type = where.conversationType ?? 'personal';
  return {
    id: `activity-${++sequence}`,
    channelId: 'msteams',
    serviceUrl: where.connector.url,
    timestamp: new Date().toISOString(),
    from: { id: where.from.id, name: where.from.name, aadObjectId: where.from.aadObjectId },
    recipient: BOT,
    conversation: {
      id: where.conversationId ?? `conv-${type}-${where.from.id}`,
      conversationType: type,
      tenantId: TENANT,
      ...(type === 'channel' ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT },
      ...(type === 'channel' ? { team: { id: '19:team-1' }, channel: { id: '19:channel-1' } } : {}),
    },
    locale: 'en-US',
    ...(where.replyToId ? { replyToId: where.replyToId } : {}),
  };
}

/** A message as Teams sends it; in a channel or group chat it @mentions the bot. */
export function messageActivity(
  where: Where,
  text: string,
  extraEntities: Record<string, unknown>[] = [],
): Record<string, unknown> {
  const mentioned = (where.conversationType ?? 'personal') !== 'personal';
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(where),
    type: 'message',
    text: mentioned ? `${mention} ${text}` : text,
    textFormat: 'plain',
    entities: [...(mentioned ? [{ type: 'mention', text: mention, mentioned: BOT }] : []), ...extraEntities],
  };
}

export function invokeActivity(where: Where, name: string, value: unknown): Record<string, unknown> {
  return { ...base(where), type: 'invoke', name, value };
}

/** A click on an Action.Execute: its verb and data, with the inputs merged in as Teams does. */
export function executeActivity(
  where: Where,
  action: Record<string, any>,
  inputs: Record<string, unknown> = {},
  trigger: 'manual' | 'automatic' = 'manual',
) {
  return invokeActivity(where, 'adaptiveCard/action', {
    action: { type: 'Action.Execute', id: action.id, verb: action.verb, data: { ...action.data, ...inputs } },
    trigger,
  });
}

/** The card of the last activity posted into a conversation. */
export function lastPostedCard(connector: FakeConnector): AdaptiveCard {
  const posted = connector.posted();
  const card = posted[posted.length - 1]?.attachments?.[0]?.content as AdaptiveCard | undefined;
  if (!card) throw new Error(`no card was posted: ${JSON.stringify(posted)}`);
  return card;
}

/** Every element of a card, depth first. */
export function elements(node: unknown): Record<string, any>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (typeof node !== 'object' || node === null) return [];
  const n = node as Record<string, any>;
  const children = ['body', 'items', 'columns', 'rows', 'cells', 'inlines', 'actions', 'facts'].flatMap((k) =>
    Array.isArray(n[k]) ? elements(n[k]) : [],
  );
  return [n, ...children];
}

/** All the text a card shows (TextRuns, TextBlocks, facts, cells). */
export function cardText(card: unknown): string {
  return JSON.stringify(card);
}

export function inputsOf(card: unknown): Record<string, any>[] {
  return elements(card).filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'));
}

export function actionsOf(card: unknown): Record<string, any>[] {
  return elements(card).filter((e) => typeof e.type === 'string' && e.type.startsWith('Action.'));
}

export interface TeamsTest {
  sb: TestSwitchboard;
  connector: FakeConnector;
  bot: TestBot;
  acc: TestAccount;
  /** The account's Administrator (admin1@example.com) as a Teams member. */
  admin: Member;
  close(): Promise<void>;
}

/** A scratch database with one account, a fake Bot Connector, and the bot in local mode. */
export async function startTeamsTest(options: Partial<TeamsBotOptions> = {}): Promise<TeamsTest> {
  const sb = await startTestSwitchboard();
  const connector = await new FakeConnector().start();
  const bot = await startTestBot(sb, options);
  const acc = await newAccount(sb);
  const admin = connector.addMember({
    id: '29:ada',
    aadObjectId: 'aad-ada',
    name: 'Ada Admin',
    email: 'admin1@example.com',
  });
  return {
    sb,
    connector,
    bot,
    acc,
    admin,
    async close() {
      await bot.close();
      await connector.close();
      await sb.close();
    },
  };
}

/** The body of an `adaptiveCard/action` answer that carries a card. */
export function invokeCard(response: { status: number; body: any }): AdaptiveCard {
  if (response.status !== 200 || response.body?.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected a card answer, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.value as AdaptiveCard;
}

/** The Action.Execute or Action.Submit that submits a form card. */
export function submitAction(card: unknown): Record<string, any> {
  const action = actionsOf(card).find((a) => a.style === 'positive');
  if (!action) throw new Error(`no submit action in ${JSON.stringify(card)}`);
  return action;
}
