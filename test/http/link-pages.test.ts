import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { verifySecret } from '../../src/domain/secret-hash.js';
import { PAGE_STYLESHEET } from '../../src/http/page-stylesheet.js';
import { inviteUser, reinviteUser } from '../../src/services/invitations/invitations.js';
import { mintLinkToken } from '../../src/services/links/tokens.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser } from '../../src/services/users/profile.js';
import {
  DAY,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';
import {
  csrfFieldOf,
  getPage,
  postForm,
  startLinkPages,
  submitPasswords,
  type PageResponse,
} from './support/link-pages-server.js';

let sb: TestSwitchboard;
let pages: Awaited<ReturnType<typeof startLinkPages>>;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  pages = await startLinkPages(sb);
});
afterAll(async () => {
  await pages?.close();
  await sb?.close();
});

const GOOD = 'amber falcon crosses the tidal bridge';
let n = 0;
/** Every token minted here: none may ever reach a log line. */
const minted = new Set<string>();

/** An invitation whose email has just been "sent": its signup URL on the test server. */
async function invitationUrl(
  acc?: TestAccount,
): Promise<{ url: string; token: string; invitationId: string; email: string; acc: TestAccount }> {
  const account = acc ?? (await newAccount(sb));
  const email = `invitee${++n}@example.com`;
  const invitation = await inviteUser(sb.deps, account.actor, { email, firstName: 'Ivy', lastName: 'Invitee' });
  const link = (await mintLinkToken(sb.deps, 'invitation', invitation.id))!;
  minted.add(link.token);
  return {
    url: `${pages.baseUrl}/signup/${link.token}`,
    token: link.token,
    invitationId: invitation.id,
    email,
    acc: account,
  };
}

/** A reset (or setup) link of an enabled user: its reset URL on the test server. */
async function passwordUrl(
  purpose: 'reset' | 'setup' = 'reset',
): Promise<{ url: string; userId: string; acc: TestAccount }> {
  const acc = await newAccount(sb);
  const userId = `user${++n}`;
  await addUser(sb.deps, acc.actor, {
    userId,
    firstName: 'Rex',
    lastName: 'Reset',
    email: `${userId}@example.com`,
    phone: '+17035550100',
    sendSetupEmail: purpose === 'setup',
  });
  if (purpose === 'reset') await requestPasswordResets(sb.deps, acc.actor, { users: [userId] });
  const em = sb.orm.em.fork();
  const user = await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: userId });
  const link = await em.findOneOrFail(PasswordLink, { user, purpose });
  const token = (await mintLinkToken(sb.deps, 'password', link.id))!.token;
  minted.add(token);
  return { url: `${pages.baseUrl}/reset/${token}`, userId, acc };
}

function expectPageHeaders(page: PageResponse): void {
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  const csp = page.headers.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('script-src');
  expect(page.body).not.toMatch(/<script|style=|<style/i);
}

describe('GET', () => {
  it('shows an accessible form without using the link up, with the security headers and a CSRF cookie', async () => {
    const acc = await newAccount(sb, `Smith & <Sons> ${Date.now()}`);
    const { url, invitationId, email } = await invitationUrl(acc);
    const page = await getPage(url);
    expect(page.status).toBe(200);
    expectPageHeaders(page);
    expect(page.headers.getSetCookie()[0]).toMatch(
      /^switchboard-form=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(page.body).toContain('<title>Accept your invitation – Acme Portal</title>');
    expect(page.body).toContain(
      `the account Smith &amp; &lt;Sons&gt; ${acc.account.name.split(' ').pop()} on Acme Portal`,
    );
    expect(page.body).toContain(`you will sign in as ${email}`);
    expect(page.body).toContain('<label for="password">New password</label>');
    expect(page.body).toContain('<label for="confirm">Confirm new password</label>');
    expect(page.body).toMatch(
      /<input type="password" id="password" name="password" autocomplete="new-password" required minlength="15" maxlength="128" aria-describedby="password-hint">/,
    );
    expect(page.body).toMatch(
      /<input type="password" id="confirm" name="confirm" autocomplete="new-password" required minlength="15" maxlength="128" aria-describedby="confirm-hint">/,
    );
    expect(page.body).toContain(`autocomplete="username" value="${email}" hidden readonly`);
    expect(page.body).not.toContain('autofocus');
    expect(page.body).toContain('<link rel="stylesheet" href="/assets/link-pages.css">');

    // GET again, and HEAD (mail scanners): the link still works
    expect((await getPage(url)).status).toBe(200);
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const invitation = await sb.orm.em.fork().findOneOrFail(Invitation, { id: invitationId });
    expect(invitation.signupCompletedAt).toBeNull();
    expect((await submitPasswords(url, GOOD)).status).toBe(200);
  });

  it('serves the stylesheet the CSP allows', async () => {
    const css = await fetch(`${pages.baseUrl}/assets/link-pages.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe(PAGE_STYLESHEET);
    const again = await fetch(`${pages.baseUrl}/assets/link-pages.css`, {
      headers: { 'if-none-match': css.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('keeps the CSRF cookie the browser already has, so two tabs both work', async () => {
    const { url } = await invitationUrl();
    const first = await getPage(url);
    const second = await getPage(url, first.cookie);
    expect(second.cookie).toBeNull();
    const response = await postForm(
      url,
      { csrf: csrfFieldOf(first.body), password: GOOD, confirm: GOOD },
      { cookie: first.cookie },
    );
    expect(response.status).toBe(200);
  });
});

describe('POST', () => {
  it('signup: sets the password, the user becomes enabled with Signup Completed and User Created, the CSRF cookie is cleared', async () => {
    const { url, invitationId, email, acc } = await invitationUrl();
    const done = await submitPasswords(url, GOOD);
    expect(done.status).toBe(200);
    expectPageHeaders(done);
    expect(done.body).toContain('<h1>You are signed up</h1>');
    expect(done.body).toContain(`Your user ${email} in the account ${acc.account.name} is ready.`);
    expect(done.headers.getSetCookie()[0]).toMatch(/^switchboard-form=; .*Max-Age=0/);
    const em = sb.orm.em.fork();
    const invitation = await em.findOneOrFail(Invitation, { id: invitationId }, { populate: ['user'] });
    expect(invitation.signupCompletedAt).not.toBeNull();
    expect(invitation.userCreatedAt).not.toBeNull();
    expect(invitation.user.state).toBe('enabled');
    expect(await verifySecret(GOOD, invitation.user.passwordHash!)).toBe(true);
  });

  it('reset: sets the new password and queues the password-changed notice; setup links use the same page', async () => {
    const reset = await passwordUrl('reset');
    const form = await getPage(reset.url);
    expect(form.body).toContain('<h1>Choose a new password</h1>');
    const done = await submitPasswords(reset.url, GOOD);
    expect(done.status).toBe(200);
    expect(done.body).toContain('<h1>Your password was changed</h1>');
    const em = sb.orm.em.fork();
    const user = await em.findOneOrFail(PortalUser, { account: reset.acc.account.id, userIdKey: reset.userId });
    expect(await verifySecret(GOOD, user.passwordHash!)).toBe(true);
    expect(await em.count(OutboxMessage, { recipient: user.email, kind: 'password-changed' })).toBe(1);

    const setup = await passwordUrl('setup');
    expect((await getPage(setup.url)).body).toContain('<h1>Set your password</h1>');
    const set = await submitPasswords(setup.url, GOOD);
    expect(set.status).toBe(200);
    expect(set.body).toContain('<h1>Your password is set</h1>');
  });

  it('refuses a password against the rules with the error next to the field, focused, and the link stays usable', async () => {
    const { url, email } = await invitationUrl();
    const short = await submitPasswords(url, 'too short');
    expect(short.status).toBe(422);
    expectPageHeaders(short);
    expect(short.body).toContain('<title>Error: Accept your invitation – Acme Portal</title>');
    expect(short.body).toContain(
      '<p class="error" id="password-error"><span class="visually-hidden">Error: </span>Password must be at least 15 characters (it has 9)',
    );
    expect(short.body).toMatch(
      /<input type="password" id="password" name="password" autocomplete="new-password" required minlength="15" maxlength="128" aria-describedby="password-hint password-error" aria-invalid="true" autofocus>/,
    );
    expect(short.body).toMatch(/role="alert"[\s\S]*<a href="#password">Password must be at least 15/);
    expect(short.body).not.toContain('too short');

    const identity = await submitPasswords(url, `${email.split('@')[0]} and more words`);
    expect(identity.status).toBe(422);
    expect(identity.body).toMatch(/id="password-error">.*must not contain your name, your User ID/);

    expect((await submitPasswords(url, GOOD)).status).toBe(200);
  });

  it("refuses leaked passwords padded to length, sequences and the user's own name, however they are typed", async () => {
    const { url, invitationId } = await invitationUrl();
    const refused = [
      ['password12345678', /made from, passwords found in leaked password lists/],
      ['ｚｙｘｗｖｕｔｓｒｑｐｏｎｍｌｋ', /sequence, a repeat or a keyboard pattern/],
      ['Invitee garden gate key', /must not contain your name/],
    ] as const;
    for (const [password, message] of refused) {
      const page = await submitPasswords(url, password);
      expect(page.status, password).toBe(422);
      expect(page.body).toMatch(
        new RegExp(`id="password-error"><span class="visually-hidden">Error: </span>Password[^<]*${message.source}`),
      );
      expect(page.body).not.toContain(password);
    }
    // NFKC: a password typed in full-width letters is stored as its plain form
    expect(
      (await submitPasswords(url, 'ａｍｂｅｒ ｆａｌｃｏｎ ｃｒｏｓｓｅｓ ｔｈｅ ｔｉｄａｌ ｂｒｉｄｇｅ')).status,
    ).toBe(200);
    const invitation = await sb.orm.em.fork().findOneOrFail(Invitation, { id: invitationId }, { populate: ['user'] });
    expect(await verifySecret(GOOD, invitation.user.passwordHash!)).toBe(true);
  });

  it('checks that the two passwords are the same, showing every error, the first one focused', async () => {
    const { url } = await invitationUrl();
    const differ = await submitPasswords(url, GOOD, `${GOOD}!`);
    expect(differ.status).toBe(422);
    expect(differ.body).toContain(
      'id="confirm-error"><span class="visually-hidden">Error: </span>The two passwords are not the same',
    );
    expect(differ.body).toMatch(
      /id="confirm" name="confirm" autocomplete="new-password" required minlength="15" maxlength="128" aria-describedby="confirm-hint confirm-error" aria-invalid="true" autofocus>/,
    );
    expect(differ.body).not.toContain('id="password-error"');
    expect(differ.body).not.toContain(GOOD);

    const both = await submitPasswords(url, 'short', 'other');
    expect(both.body).toContain('id="password-error"');
    expect(both.body).toContain('id="confirm-error"');
    expect(both.body.match(/autofocus/g)).toHaveLength(1);
    expect(both.body).toMatch(/id="password"[^>]*autofocus/);

    const empty = await submitPasswords(url, '', '');
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('Enter a new password');
    expect((await submitPasswords(url, GOOD)).status).toBe(200);
  });

  it('refuses, without using the link, a post without the CSRF cookie, with a field made for another link, or from another site', async () => {
    const { url, invitationId } = await invitationUrl();
    const other = await invitationUrl();
    const form = await getPage(url);
    const csrf = csrfFieldOf(form.body);
    const passwords = { password: GOOD, confirm: GOOD };

    const noCookie = await postForm(url, { csrf, ...passwords });
    expect(noCookie.status).toBe(403);
    expectPageHeaders(noCookie);
    expect(noCookie.body).toContain('This form had expired or was not sent from this page, so nothing was changed.');
    expect(noCookie.body).toMatch(/id="password"[^>]*autofocus/);
    expect(noCookie.cookie).toMatch(/^switchboard-form=/);

    const noField = await postForm(url, passwords, { cookie: form.cookie });
    expect(noField.status).toBe(403);

    const otherForm = await getPage(other.url, form.cookie);
    const wrongLink = await postForm(url, { csrf: csrfFieldOf(otherForm.body), ...passwords }, { cookie: form.cookie });
    expect(wrongLink.status).toBe(403);

    const crossSite = await postForm(
      url,
      { csrf, ...passwords },
      { cookie: form.cookie, headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);

    expect((await sb.orm.em.fork().findOneOrFail(Invitation, { id: invitationId })).signupCompletedAt).toBeNull();
    const ok = await postForm(
      url,
      { csrf, ...passwords },
      { cookie: form.cookie, headers: { 'sec-fetch-site': 'same-origin' } },
    );
    expect(ok.status).toBe(200);
  });

  it('answers 415 to a post that is not a form and 413 to one that is too large', async () => {
    const { url } = await invitationUrl();
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const huge = await postForm(url, { password: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expectPageHeaders(huge);
    expect((await submitPasswords(url, GOOD)).status).toBe(200);
  });
});

describe('unusable links', () => {
  it('gives invalid, malformed, expired, revoked and used links, on both pages and both methods, the same page and status', async () => {
    const used = await invitationUrl();
    expect((await submitPasswords(used.url, GOOD)).status).toBe(200);
    const revoked = await invitationUrl();
    await reinviteUser(sb.deps, revoked.acc.actor, { user: revoked.email });
    const usedReset = await passwordUrl('reset');
    expect((await submitPasswords(usedReset.url, GOOD)).status).toBe(200);
    const resetRevoked = await passwordUrl('reset');
    await requestPasswordResets(sb.deps, resetRevoked.acc.actor, { users: [resetRevoked.userId] });
    const expiring = await invitationUrl();
    const expiringReset = await passwordUrl('reset');
    const wrongPage = await invitationUrl();

    const urls = [
      `${pages.baseUrl}/signup/${'A'.repeat(43)}`,
      `${pages.baseUrl}/signup/not-a-token`,
      `${pages.baseUrl}/signup/%E0%A4%A`,
      `${pages.baseUrl}/reset/${'B'.repeat(43)}`,
      used.url,
      revoked.url,
      usedReset.url,
      resetRevoked.url,
      wrongPage.url.replace('/signup/', '/reset/'),
    ];
    const pagesSeen: PageResponse[] = [];
    for (const url of urls) pagesSeen.push(await getPage(url));
    sb.clock.advance(7 * DAY + 1);
    for (const url of [expiring.url, expiringReset.url]) pagesSeen.push(await getPage(url));
    for (const url of [used.url, expiring.url, usedReset.url])
      pagesSeen.push(await postForm(url, { password: GOOD, confirm: GOOD }));
    sb.clock.advance(-(7 * DAY + 1));

    const [first] = pagesSeen;
    expect(first!.status).toBe(404);
    expectPageHeaders(first!);
    expect(first!.body).toContain('<h1>This link cannot be used</h1>');
    expect(first!.cookie).toBeNull();
    for (const page of pagesSeen) {
      expect(page.status).toBe(404);
      expect(page.body).toBe(first!.body);
      expect(page.cookie).toBeNull();
    }
    // the signup link still works on its own page
    expect((await getPage(wrongPage.url)).status).toBe(200);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-link limit, while other links from the same address still work', async () => {
    const limited = await startLinkPages(sb, { perToken: { limit: 3, windowMs: 60_000 } });
    try {
      const { token } = await invitationUrl();
      const url = `${limited.baseUrl}/signup/${token}`;
      for (let i = 0; i < 3; i++) expect((await getPage(url)).status).toBe(200);
      const refused = await postForm(url, { password: GOOD, confirm: GOOD });
      expect(refused.status).toBe(429);
      expectPageHeaders(refused);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(refused.body).toContain('<h1>Too many attempts</h1>');
      const other = await invitationUrl();
      expect((await getPage(`${limited.baseUrl}/signup/${other.token}`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('counts the address a reverse proxy on this host forwarded, and ignores X-Forwarded-For from anyone else', async () => {
    const limited = await startLinkPages(sb, { perAddress: { limit: 2, windowMs: 60_000 } });
    try {
      const url = `${limited.baseUrl}/signup/${'C'.repeat(43)}`;
      const from = (chain: string) => fetch(url, { headers: { 'x-forwarded-for': chain } }).then((r) => r.status);
      // the test client is on loopback, like a proxy on this host: the last entry is the client
      expect([await from('203.0.113.9, 198.51.100.1'), await from('203.0.113.9, 198.51.100.1')]).toEqual([404, 404]);
      expect(await from('198.51.100.1')).toBe(429);
      expect(await from('203.0.113.9, 198.51.100.2')).toBe(404);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 past the per-address limit, whatever the link, unusable ones included', async () => {
    const limited = await startLinkPages(sb, { perAddress: { limit: 4, windowMs: 60_000 } });
    try {
      for (let i = 0; i < 4; i++)
        expect((await getPage(`${limited.baseUrl}/signup/${String(i).repeat(43)}`)).status).toBe(404);
      const { token } = await invitationUrl();
      expect((await getPage(`${limited.baseUrl}/signup/${token}`)).status).toBe(429);
      expect((await getPage(`${limited.baseUrl}/reset/${token}`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('never carry a link token or a password typed on the pages', () => {
    expect(minted.size).toBeGreaterThanOrEqual(20);
    const log = sb.logs.join('\n');
    for (const token of minted) expect(log).not.toContain(token);
    for (const password of [GOOD, 'too short']) expect(log).not.toContain(password);
  });
});
