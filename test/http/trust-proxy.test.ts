import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { mintLinkToken } from '../../src/services/links/tokens.js';
import { newAccount } from '../support/switchboard.js';
import { csrfFieldOf, getPage, postForm, startLinkPages } from './support/link-pages-server.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** A GET from a given loopback address (127.0.0.2 stands for a proxy host, 127.0.0.3 for a stranger). */
function statusFrom(localAddress: string, url: string, forwardedFor?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
    const req = request(url, { localAddress, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TRUST_PROXY', () => {
  it('parses addresses, CIDR ranges, loopback and none, and refuses anything else in one line', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'none' }).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, 192.0.2.7 ,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.7',
      'loopback',
    ]);
    expect(loadConfig({ TRUST_PROXY: '2001:db8::/32' }).trustProxy).toEqual(['2001:db8::/32']);
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '300.1.1.1', 'none,10.0.0.1', ',']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.com' })).toThrow(
      'TRUST_PROXY: "proxy.example.com" is not an IP address or CIDR range; give e.g. loopback,10.0.0.0/8,192.0.2.7 or none',
    );
  });

  it('counts visitors behind a trusted proxy on another host apart, and a forged X-Forwarded-For as its sender', async () => {
    const pages = await startLinkPages(sb, { perAddress: { limit: 2, windowMs: 60_000 }, trustProxy: ['127.0.0.2'] });
    try {
      const url = `${pages.baseUrl}/signup/${'D'.repeat(43)}`;
      // Behind the trusted proxy, three visitors each get their own two requests.
      for (const visitor of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        expect([await statusFrom('127.0.0.2', url, visitor), await statusFrom('127.0.0.2', url, visitor)]).toEqual([
          404, 404,
        ]);
      }
      expect(await statusFrom('127.0.0.2', url, '198.51.100.1')).toBe(429);
      // A client that prepends a forged address behind the proxy is still counted as itself.
      expect(await statusFrom('127.0.0.2', url, '198.51.100.9, 198.51.100.2')).toBe(429);
      // An untrusted sender's X-Forwarded-For is ignored: every claimed address shares its bucket.
      expect(await statusFrom('127.0.0.3', url, '203.0.113.1')).toBe(404);
      expect(await statusFrom('127.0.0.3', url, '203.0.113.2')).toBe(404);
      expect(await statusFrom('127.0.0.3', url, '203.0.113.3')).toBe(429);
    } finally {
      await pages.close();
    }
  });

  it('with none, even a proxy on this host is not believed', async () => {
    const pages = await startLinkPages(sb, { perAddress: { limit: 1, windowMs: 60_000 }, trustProxy: [] });
    try {
      const url = `${pages.baseUrl}/reset/${'E'.repeat(43)}`;
      expect(await statusFrom('127.0.0.1', url, '198.51.100.1')).toBe(404);
      expect(await statusFrom('127.0.0.1', url, '198.51.100.2')).toBe(429);
    } finally {
      await pages.close();
    }
  });
});

describe("the audit's client address", () => {
  /** Signs an invitee up through the page, the POST carrying X-Forwarded-For; returns the audit's address. */
  async function signUpAddress(trustProxy: string[], forwardedFor: string): Promise<string | null> {
    const pages = await startLinkPages(sb, { trustProxy });
    try {
      const acc = await newAccount(sb);
      const invitation = await inviteUser(sb.deps, acc.actor, {
        email: `ivy${Date.now()}@example.com`,
        firstName: 'Ivy',
        lastName: 'Lane',
      });
      const { token } = (await mintLinkToken(sb.deps, 'invitation', invitation.id))!;
      const url = `${pages.baseUrl}/signup/${token}`;
      const form = await getPage(url);
      const fields = {
        csrf: csrfFieldOf(form.body),
        password: 'quiet harbour lantern 42',
        confirm: 'quiet harbour lantern 42',
      };
      const headers = { 'sec-fetch-site': 'same-origin', 'x-forwarded-for': forwardedFor };
      expect((await postForm(url, fields, { cookie: form.cookie, headers })).status).toBe(200);
      const event = await sb.orm.em
        .fork()
        .findOneOrFail(AuditEvent, { accountId: acc.account.id, action: 'invite.accept' });
      return event.clientAddress;
    } finally {
      await pages.close();
    }
  }

  it('is the visitor behind a trusted proxy, and the peer itself when the proxy is not trusted', async () => {
    expect(await signUpAddress(['loopback'], '198.51.100.7')).toBe('198.51.100.7');
    expect(await signUpAddress([], '198.51.100.7')).toBe('127.0.0.1');
  });
});
