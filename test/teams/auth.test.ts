import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { isLoopbackAddress, isLoopbackUrl } from '../../src/http/json-body.js';
import { messagesRoute } from '../../src/teams/http.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import {
  cardText,
  FakeConnector,
  lastPostedCard,
  messageActivity,
  startTestBot,
  TENANT,
  type TestBot,
} from './support.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-key-1';

/** A local OpenID configuration and key set, standing in for login.botframework.com. */
async function startKeyServer(): Promise<{ url: string; server: Server }> {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/openid')
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    else res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openid`, server };
}

/** A Bot Framework token as the Bot Connector service sends it (or, with `signWith`/`kid`, a forgery of one). */
function token(claims: Record<string, unknown>, { signWith = privateKey, kid = KID } = {}): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 3600, ...claims };
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(payload)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(signWith).toString('base64url')}`;
}

/** The public cloud's settings, with the OpenID configuration at `metadataUrl`. */
const authAt = (metadataUrl: string) => ({
  ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: true,
});

/** Everything botbuilder (or anything else) writes to the console, outside the JSON log. */
function watchConsole(): () => unknown[][] {
  const methods = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
  const spies = methods.map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
  return () => spies.flatMap((spy) => spy.mock.calls);
}
afterEach(() => vi.restoreAllMocks());

/** Outgoing calls carry a fixed token instead of one from Microsoft Entra ID. */
class TestCredentials extends ServiceClientCredentialsFactory {
  async isValidAppId(appId: string) {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled() {
    return false;
  }
  async createCredentials() {
    return {
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => (
        request.headers.set('authorization', 'Bearer outgoing-test-token'),
        request
      ),
    } as never;
  }
}

let sb: TestSwitchboard;
let connector: FakeConnector;
let keys: { url: string; server: Server };
let bot: TestBot;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  connector = await new FakeConnector().start();
  keys = await startKeyServer();
  bot = await startTestBot(sb, {
    teams: { appId: APP_ID, appPassword: 'not-used-here', tenantId: TENANT },
    credentialsFactory: new TestCredentials(),
    // The public cloud's settings, with the key set served locally.
    authOverrides: authAt(keys.url),
  });
});
afterAll(async () => {
  await bot?.close();
  await connector?.close();
  keys?.server.close();
  await sb?.close();
});

describe('with TEAMS_APP_ID: Bot Framework authentication', () => {
  it('refuses a request without a valid token with 401, and does nothing', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'kim', email: 'kim@example.com' }, 'regular');
    const admin = connector.addMember({
      id: '29:ada',
      aadObjectId: 'aad-ada',
      name: 'Ada',
      email: 'admin1@example.com',
    });
    const activity = messageActivity({ connector, from: admin }, 'user disable kim');
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${token({ serviceurl: connector.url, iss: 'https://evil.example' })}` },
      { authorization: `Bearer ${token({ serviceurl: connector.url, aud: 'another-bot' })}` },
      { authorization: `Bearer ${token({ serviceurl: connector.url, exp: Math.floor(Date.now() / 1000) - 600 })}` },
    ];
    const printed = watchConsole();
    for (const headers of attempts)
      expect((await bot.post(activity, headers)).status, JSON.stringify(headers)).toBe(401);
    expect(printed(), 'nothing on the console').toEqual([]);
    expect(connector.calls).toEqual([]);
    expect((await sb.orm.em.fork().findOneOrFail(PortalUser, { userIdKey: 'kim' })).state).toBe('enabled');
  });

  it(
    'a well-formed token that cannot be verified (another key, an unknown key, expired, not yet valid) is 401, ' +
      'one JSON log line, nothing on the console',
    async () => {
      const admin = connector.addMember({
        id: '29:ada',
        aadObjectId: 'aad-ada',
        name: 'Ada',
        email: 'admin1@example.com',
      });
      const activity = messageActivity({ connector, from: admin }, 'users');
      connector.reset();
      const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const now = Math.floor(Date.now() / 1000);
      const forged = [
        token({ serviceurl: connector.url }, { signWith: forger }),
        token({ serviceurl: connector.url }, { signWith: forger, kid: 'a-key-nobody-published' }),
        token({ serviceurl: connector.url, exp: now - 3600 }),
        token({ serviceurl: connector.url, nbf: now + 3600 }),
      ];
      const printed = watchConsole();
      for (const [i, forgery] of forged.entries()) {
        const logged = sb.logs.length;
        const response = await bot.post(activity, { authorization: `Bearer ${forgery}` });
        expect(response, `token ${i}`).toEqual({
          status: 401,
          body: { error: 'the Bot Framework token could not be verified' },
        });
        const lines = sb.logs.slice(logged).filter((line) => line.includes('cannot be verified'));
        expect(lines, `token ${i}: one log line`).toHaveLength(1);
        expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, reason: expect.any(String) });
        expect(lines[0]).not.toContain(forgery);
      }
      expect(printed(), 'nothing on the console').toEqual([]);
      expect(connector.calls, 'nothing answered').toEqual([]);
    },
  );

  it('while the key set is unreachable (refused, failing, not JSON) a request is 503 with a plain body, one JSON log line', async () => {
    const failing = createServer((req, res) => {
      if (req.url === '/broken') res.writeHead(200).end('<html>');
      else res.writeHead(502).end('bad gateway');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const base = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    const admin = connector.addMember({
      id: '29:ada',
      aadObjectId: 'aad-ada',
      name: 'Ada',
      email: 'admin1@example.com',
    });
    const printed = watchConsole();
    try {
      for (const metadataUrl of [`http://127.0.0.1:${closedPort}/openid`, `${base}/openid`, `${base}/broken`]) {
        const teams = { appId: APP_ID, appPassword: 'not-used-here', tenantId: TENANT };
        const cut = await startTestBot(sb, {
          teams,
          credentialsFactory: new TestCredentials(),
          authOverrides: authAt(metadataUrl),
        });
        try {
          const logged = sb.logs.length;
          const res = await fetch(cut.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token({ serviceurl: connector.url })}`,
            },
            body: JSON.stringify(messageActivity({ connector, from: admin }, 'users')),
          });
          expect(res.status, metadataUrl).toBe(503);
          expect(res.headers.get('content-type'), metadataUrl).toMatch(/^text\/plain/);
          expect(await res.text()).toBe(
            'Switchboard cannot verify Bot Framework tokens just now: the Bot Framework key set is unreachable. Try again shortly.',
          );
          const lines = sb.logs.slice(logged).filter((line) => line.includes('key set is unreachable'));
          expect(lines, metadataUrl).toHaveLength(1);
          expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, reason: expect.stringContaining('127.0.0.1') });
        } finally {
          await cut.close();
        }
      }
    } finally {
      failing.close();
    }
    expect(printed(), 'nothing on the console').toEqual([]);
  });

  it('accepts a valid token and answers through the Bot Connector with its own credentials', async () => {
    const admin = connector.addMember({
      id: '29:ada',
      aadObjectId: 'aad-ada',
      name: 'Ada',
      email: 'admin1@example.com',
    });
    const printed = watchConsole();
    const response = await bot.post(messageActivity({ connector, from: admin }, 'user show admin1'), {
      authorization: `Bearer ${token({ serviceurl: connector.url })}`,
    });
    expect(response.status).toBe(200);
    expect(printed()).toEqual([]);
    expect(cardText(lastPostedCard(connector))).toContain('admin1@example.com');
    expect(connector.calls.map((c) => c.authorization)).toEqual(
      connector.calls.map(() => 'Bearer outgoing-test-token'),
    );
  });

  it('refuses people of another Microsoft 365 tenant', async () => {
    const outsider = connector.addMember({
      id: '29:out',
      aadObjectId: 'aad-out',
      name: 'Out',
      email: 'admin1@example.com',
    });
    const activity = messageActivity({ connector, from: outsider }, 'users');
    const elsewhere = {
      ...activity,
      channelData: { tenant: { id: 'another-tenant' } },
      conversation: { ...(activity.conversation as object), tenantId: 'another-tenant' },
    };
    expect(
      (await bot.post(elsewhere, { authorization: `Bearer ${token({ serviceurl: connector.url })}` })).status,
    ).toBe(200);
    expect(cardText(lastPostedCard(connector))).toContain('serves another Microsoft 365 organisation');
  });
});

describe('local mode (no TEAMS_APP_ID)', () => {
  it('says so at start-up', async () => {
    const local = await startTestBot(sb);
    await local.close();
    expect(sb.logs.join('')).toMatch(/Teams: local mode at POST \/api\/messages.*from this machine only/);
  });

  it('refuses requests from other machines, and activities that would make it answer elsewhere', async () => {
    const processed: unknown[] = [];
    const route = messagesRoute({
      localMode: true,
      logger: sb.deps.logger,
      process: async (request) => void processed.push(request),
    });
    let status = 0;
    const res = { writeHead: (code: number) => ((status = code), { end: () => undefined }) };
    const req = Object.assign([Buffer.from('{}')], {
      socket: { remoteAddress: '192.0.2.10' },
      headers: {},
      method: 'POST',
    });
    await route(req as never, res as never, {});
    expect(status).toBe(403);
    expect(processed).toEqual([]);

    const local = await startTestBot(sb);
    const activity = messageActivity(
      { connector, from: { id: '29:ada', aadObjectId: 'aad-ada', name: 'Ada' } },
      'help',
    );
    expect((await local.post({ ...activity, serviceUrl: 'https://smba.trafficmanager.net/amer/' })).status).toBe(403);
    expect((await local.post({ ...activity })).status).toBe(200);
    await local.close();
  });

  it('refuses a request that came through a proxy on this machine, whatever its peer address', async () => {
    const local = await startTestBot(sb);
    const activity = messageActivity(
      { connector, from: { id: '29:ada', aadObjectId: 'aad-ada', name: 'Ada' } },
      'help',
    );
    const before = connector.calls.length;
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host']) {
      const value = header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9';
      const answer = await local.post(activity, { [header]: value });
      expect(answer.status, header).toBe(403);
      expect(answer.body.error, header).toBe(
        `Switchboard runs Teams in local mode: it accepts requests from this machine only, not through a proxy (${header})`,
      );
    }
    expect(connector.calls.length).toBe(before);
    expect(sb.logs.join('')).toContain('teams: refused a request through a proxy (x-forwarded-for)');
    await local.close();
  });

  it('knows loopback addresses and URLs', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:192.0.2.1', '', undefined, '128.0.0.1'])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
    expect(isLoopbackUrl('http://localhost:56150/')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:3978/')).toBe(true);
    expect(isLoopbackUrl('https://smba.trafficmanager.net/')).toBe(false);
    expect(isLoopbackUrl(42)).toBe(false);
  });
});
