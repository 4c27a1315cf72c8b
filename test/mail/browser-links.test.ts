import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { verifySecret } from '../../src/domain/secret-hash.js';
import { registerLinkPages } from '../../src/http/link-pages.js';
import { HttpServer } from '../../src/http/server.js';
import { MailWorker } from '../../src/mail/outbox-worker.js';
import { createMailTransport, senderName, type MailTransport } from '../../src/mail/transport.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser } from '../../src/services/users/profile.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { sharedChromium, skipBrowserTests } from './support/chromium.js';
import { linkIn, SmtpSink } from './support/smtp-sink.js';

/**
 * End to end, as a user meets it: the worker sends the email through SMTP_URL to a real SMTP
 * server, the test reads it with mailparser and follows its link in headless Chromium.
 */
describe.skipIf(skipBrowserTests)('email link in a browser', { timeout: 60_000 }, () => {
  let sb: TestSwitchboard;
  let sink: SmtpSink;
  let http: HttpServer;
  let transport: MailTransport;
  let worker: MailWorker;
  const chromium = sharedChromium();

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    sink = await SmtpSink.start({ credentials: { user: 'switchboard', pass: 'smtp-secret-123' } });
    http = new HttpServer(sb.deps.logger);
    const port = await http.listen(0, '127.0.0.1');
    const config = loadConfig({
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      MAIL_FROM: 'Acme Portal <noreply@acme.test>',
    });
    sb.deps.settings.publicBaseUrl = config.publicBaseUrl;
    registerLinkPages(http, sb.deps, { portalName: senderName(config.mailFrom), secureCookies: false });
    transport = createMailTransport(config, sb.deps.logger);
    expect(transport.kind).toBe('smtp');
    worker = new MailWorker(sb.deps, { transport, from: config.mailFrom, pollIntervalMs: 50 });
    worker.start();
  });

  afterAll(async () => {
    await chromium.close();
    await worker?.stop();
    transport?.close();
    await http?.close();
    await sink?.stop();
    await sb?.close();
  });

  /**
   * Opens a page that reports CSP violations, script errors and failed subresources (the
   * pages' own 404 and 422 statuses are expected; the browser's favicon probe is not ours).
   */
  async function openPage(javaScriptEnabled: boolean): Promise<{ page: Page; problems: string[] }> {
    const browser: Browser = await chromium.get();
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      const request = response.request();
      if (response.status() >= 400 && request.resourceType() !== 'document' && !request.url().endsWith('/favicon.ico'))
        problems.push(`${response.status()} ${request.url()}`);
    });
    page.on('requestfailed', (request) => problems.push(`failed ${request.url()}`));
    return { page, problems };
  }

  /** Clicks the button and waits until the page the POST answered with has loaded. */
  async function submit(page: Page): Promise<void> {
    const answered = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button').click();
    await answered;
    await page.waitForLoadState('load');
  }

  /** Types a password that is too short (the browser refuses it), a weak one (the server does), then a good one. */
  async function setPassword(page: Page, link: string, good: string): Promise<void> {
    const first = await page.goto(link);
    expect(first!.status()).toBe(200);
    expect(await page.locator('link[rel=stylesheet]').count()).toBe(1);
    // the stylesheet loaded under the CSP
    expect(
      await page.locator('main').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).maxWidth),
    ).toBe('544px');

    const password = page.getByLabel('New password', { exact: true });
    // The browser's own check (minlength) stops a too-short password before anything is sent.
    await password.fill('too short');
    await page.getByLabel('Confirm new password').fill('too short');
    let posted = false;
    page.on('request', (request) => (posted ||= request.method() === 'POST'));
    await page.getByRole('button').click();
    expect(
      await password.evaluate((el) => (el as unknown as { validity: { tooShort: boolean } }).validity.tooShort),
    ).toBe(true);
    expect(posted).toBe(false);

    // The server's check, for what the browser lets through: the error sits by the field.
    await password.fill('password12345678');
    await page.getByLabel('Confirm new password').fill('password12345678');
    await submit(page);
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
    expect(describedBy).toContain('password-error');
    const error = page.locator('#password-error');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/^Error: Password /);
    // the error sits with its field: between the label and the input, inside the field's group
    expect(await page.locator('.field:has(#password) #password-error').count()).toBe(1);
    expect(await page.locator('#password').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByRole('alert').textContent()).toMatch(/There is a problem/);
    expect(await password.inputValue()).toBe('');

    await password.fill(good);
    await page.getByLabel('Confirm new password').fill(good);
    await submit(page);
  }

  it('invitation: the email arrives through SMTP, its link opens the form, a too-short password is refused by the field, a good one signs the user up, then the link is dead (no JavaScript)', async () => {
    const acc = await newAccount(sb);
    const before = sink.received.length;
    const invitation = await inviteUser(sb.deps, acc.actor, {
      email: 'zoe@example.com',
      firstName: 'Zoe',
      lastName: 'Browser',
    });
    await sink.waitFor(before + 1);
    const mail = sink.received[before]!;
    expect(mail.user).toBe('switchboard');
    expect(mail.rcptTo).toEqual(['zoe@example.com']);
    expect(mail.parsed.subject).toBe(`Ada Admin invited you to ${acc.account.name} on Acme Portal`);
    const link = linkIn(mail.parsed.text, 'signup');
    expect(link.startsWith(sb.deps.settings.publicBaseUrl)).toBe(true);
    expect(mail.parsed.html).toContain(`href="${link}"`);

    const { page, problems } = await openPage(false);
    await setPassword(page, link, 'seven quiet otters paddle north');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are signed up');

    const em = sb.orm.em.fork();
    const stored = await em.findOneOrFail(Invitation, { id: invitation.id }, { populate: ['user'] });
    expect(stored.user.state).toBe('enabled');
    expect(stored.signupCompletedAt).not.toBeNull();
    expect(stored.userCreatedAt).not.toBeNull();
    expect(await verifySecret('seven quiet otters paddle north', stored.user.passwordHash!)).toBe(true);

    const again = await page.goto(link);
    expect(again!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link cannot be used');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reset: the reset email arrives, the form refuses a too-short password by the field, a good one changes it, the notice is sent, then the link is dead', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, {
      userId: 'rosa.reset',
      firstName: 'Rosa',
      lastName: 'Reset',
      email: 'rosa@example.com',
      phone: '+17035550177',
      sendSetupEmail: false,
    });
    const before = sink.received.length;
    await requestPasswordResets(sb.deps, acc.actor, { users: ['rosa.reset'] });
    await sink.waitFor(before + 1);
    const mail = sink.received[before]!;
    expect(mail.parsed.subject).toBe(`Reset your password for ${acc.account.name} on Acme Portal`);
    const link = linkIn(mail.parsed.text, 'reset');

    const { page, problems } = await openPage(true);
    await setPassword(page, link, 'marble comets drift past saturn');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your password was changed');

    const user = await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'rosa.reset' });
    expect(await verifySecret('marble comets drift past saturn', user.passwordHash!)).toBe(true);
    await sink.waitFor(before + 2);
    expect(sink.received[before + 1]!.parsed.subject).toBe(
      `Your password for ${acc.account.name} on Acme Portal was changed`,
    );

    const again = await page.goto(link);
    expect(again!.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link cannot be used');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
