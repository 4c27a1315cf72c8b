import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { passwordFormPage, successPage } from '../../src/http/link-page-views.js';
import { passwordChangedEmail } from '../../src/mail/templates/password-changed.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { mintLinkToken } from '../../src/services/links/tokens.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { startLinkPages, submitPasswords } from './support/link-pages-server.js';
import { startServer } from './support/start-server.js';

const LOGIN = 'https://portal.example.com/login?next=home&x=1';
const view = { portalName: 'Acme Portal', accountName: 'Acme', userId: 'jdoe' };

describe('PORTAL_NAME and PORTAL_LOGIN_URL', () => {
  it("default to a name that is true without them, not MAIL_FROM's display name", () => {
    const defaults = loadConfig({ MAIL_FROM: 'Switchboard <noreply@localhost>' }).portal;
    expect(defaults).toEqual({ name: 'the customer portal', loginUrl: undefined });
    expect(loadConfig({ PORTAL_NAME: ' Acme Portal ', PORTAL_LOGIN_URL: LOGIN }).portal).toEqual({
      name: 'Acme Portal',
      loginUrl: LOGIN,
    });
  });

  it('refuse a login URL that is not http(s), naming the variable and the fix', () => {
    expect(() => loadConfig({ PORTAL_LOGIN_URL: 'portal.example.com' })).toThrow(ConfigError);
    const refused = /^PORTAL_LOGIN_URL must be an http:\/\/ or https:\/\/ URL/;
    expect(() => loadConfig({ PORTAL_LOGIN_URL: 'javascript:alert(1)' })).toThrow(refused);
  });
});

describe('the success page', () => {
  it.each(['signup', 'setup', 'reset'] as const)(
    '%s: a "Go to sign in" button to PORTAL_LOGIN_URL, not Switchboard',
    (purpose) => {
      const page = successPage({ ...view, purpose, loginUrl: LOGIN }).value;
      expect(page).toContain(
        '<a class="button" href="https://portal.example.com/login?next=home&amp;x=1">Go to sign in</a>',
      );
      expect(page).toContain('Now sign in to Acme Portal as jdoe with your new password.');
      expect(page).not.toMatch(/Switchboard/i);
    },
  );

  it('without PORTAL_LOGIN_URL: no button, a sentence saying to sign in to the portal', () => {
    const page = successPage({ ...view, portalName: 'the customer portal', purpose: 'signup' }).value;
    expect(page).not.toContain('<a ');
    expect(page).toContain('Now sign in to the customer portal as jdoe with your new password: ');
    expect(page).toContain("open the portal's sign-in page as you usually do.");
  });

  it("password inputs carry the policy's length limits", () => {
    const form = passwordFormPage({ ...view, purpose: 'reset', csrfField: 'x' }).value;
    expect(form.match(/<input type="password"[^>]* minlength="15" maxlength="128"/g)).toHaveLength(2);
  });

  it('the password-changed email links to the sign-in page when there is one', () => {
    const changedAt = new Date('2026-11-25T10:00:00Z');
    const common = { portalName: 'Acme Portal', recipientName: 'Jo', accountName: 'Acme', changedAt };
    const email = passwordChangedEmail({ ...common, loginUrl: LOGIN });
    expect(email.text).toContain(`Sign in to Acme Portal:\n${LOGIN}`);
    expect(passwordChangedEmail(common).text).not.toContain('http');
  });
});

describe('served', () => {
  let sb: TestSwitchboard;
  let pages: Awaited<ReturnType<typeof startLinkPages>>;
  beforeAll(async () => {
    sb = await startTestSwitchboard();
    pages = await startLinkPages(sb, { loginUrl: LOGIN });
  });
  afterAll(async () => {
    await pages?.close();
    await sb?.close();
  });

  it("a signup ends on the button to the portal's sign-in page", async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, {
      email: 'ivy.signin@example.com',
      firstName: 'Ivy',
      lastName: 'Invitee',
    });
    const link = (await mintLinkToken(sb.deps, 'invitation', invitation.id))!;
    const done = await submitPasswords(
      `${pages.baseUrl}/signup/${link.token}`,
      'amber falcon crosses the tidal bridge',
    );
    expect(done.status).toBe(200);
    expect(done.body).toContain('>Go to sign in</a>');
  });

  it('the started server names the portal by PORTAL_NAME, not MAIL_FROM', { timeout: 60_000 }, async () => {
    const server = startServer({
      DATABASE_URL: 'sqlite::memory:',
      PORT: '0',
      HOST: '127.0.0.1',
      PORTAL_NAME: 'Acme Portal',
    });
    try {
      const [, url] = await server.waitFor(/listening on (http:\/\/\S+)/);
      const page = await (await fetch(`${url}/signup/not-a-token`)).text();
      expect(page).toContain('<p class="portal">Acme Portal</p>');
      // The pages the Teams app package links to are served too.
      for (const path of ['/', '/privacy', '/terms']) expect((await fetch(`${url}${path}`)).status, path).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
