import { describe, expect, it } from 'vitest';
import { invitationEmail } from '../../src/mail/templates/invitation.js';
import { oneLine } from '../../src/lib/text-fit.js';
import { formatRemaining } from '../../src/mail/templates/layout.js';
import { passwordChangedEmail } from '../../src/mail/templates/password-changed.js';
import { passwordResetEmail } from '../../src/mail/templates/password-reset.js';
import { passwordSetupEmail } from '../../src/mail/templates/password-setup.js';
import { senderName } from '../../src/mail/transport.js';

const now = new Date('2026-11-25T10:00:00.000Z');
const url = 'https://portal.example.com/signup/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE';
const hostile = {
  recipientName: 'Eve <script>alert("x")</script>',
  accountName: 'R&D "Labs" <Main>',
  invitedByName: "Mal'colm <b>",
  requestedByName: "Mal'colm <b>",
};

describe('email templates', () => {
  it('invitation: who invited whom, to which account, as what, the link and its expiry, in text and escaped HTML', () => {
    const email = invitationEmail({
      portalName: 'Acme Portal',
      ...hostile,
      role: 'admin',
      url,
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
      now,
    });
    expect(email.subject).toBe(`Mal'colm <b> invited you to R&D "Labs" <Main> on Acme Portal`);
    expect(email.text).toContain(`Hello Eve <script>alert("x")</script>,`);
    expect(email.text).toContain(
      `Mal'colm <b> invited you to join the account R&D "Labs" <Main> on Acme Portal as an Administrator.`,
    );
    expect(email.text).toContain(`Accept the invitation:\n${url}\n`);
    expect(email.text).toContain('expires in 7 days, on Wednesday, December 2, 2026 at 10:00 AM UTC');
    expect(email.html).not.toMatch(/<script|<b>|<Main>/);
    expect(email.html).toContain('Hello Eve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
    expect(email.html).toContain('R&amp;D &quot;Labs&quot; &lt;Main&gt;');
    expect(email.html).toContain('Mal&#39;colm &lt;b&gt;');
    expect(email.html).toContain(
      `<title>Mal&#39;colm &lt;b&gt; invited you to R&amp;D &quot;Labs&quot; &lt;Main&gt; on Acme Portal</title>`,
    );
    expect(email.html.match(new RegExp(`href="${url}"`, 'g'))).toHaveLength(2);
    expect(email.html).toMatch(/^<!doctype html>\n<html lang="en">/);
  });

  it('a name with line breaks cannot start a new header or paragraph', () => {
    const email = invitationEmail({
      portalName: 'Acme Portal',
      recipientName: 'A\r\nBcc: x@evil.test',
      accountName: 'Acct\nX-Evil: 1',
      invitedByName: 'Ada',
      role: 'regular',
      url,
      expiresAt: now,
      now,
    });
    expect(email.subject).toBe('Ada invited you to Acct X-Evil: 1 on Acme Portal');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text.split('\n')[0]).toBe('Hello A Bcc: x@evil.test,');
  });

  it('password setup, reset and changed: their own subjects and sentences, the link only where there is one', () => {
    const common = {
      portalName: 'Acme Portal',
      recipientName: 'Sam Setup',
      accountName: 'Acme',
      requestedByName: 'Ada Admin',
      url,
      now,
    };
    const setup = passwordSetupEmail({ ...common, expiresAt: new Date(now.getTime() + 7 * 86_400_000) });
    expect(setup.subject).toBe('Set your password for Acme on Acme Portal');
    expect(setup.text).toContain('Ada Admin created a user for you in the account Acme on Acme Portal.');
    expect(setup.text).toContain(`Set your password:\n${url}`);
    const reset = passwordResetEmail({ ...common, expiresAt: new Date(now.getTime() + 12 * 3_600_000) });
    expect(reset.subject).toBe('Reset your password for Acme on Acme Portal');
    expect(reset.text).toContain('expires in 12 hours, on Wednesday, November 25, 2026 at 10:00 PM UTC');
    expect(reset.text).toContain('your current password keeps working');
    const changed = passwordChangedEmail({
      portalName: 'Acme Portal',
      recipientName: '',
      accountName: 'Acme',
      changedAt: now,
    });
    expect(changed.subject).toBe('Your password for Acme on Acme Portal was changed');
    expect(changed.text.startsWith('Hello,\n\n')).toBe(true);
    expect(changed.text).toContain('was changed on Wednesday, November 25, 2026 at 10:00 AM UTC');
    expect(changed.html).not.toContain('href=');
    expect(changed.text).not.toMatch(/https?:/);
  });

  it('formats what is left of a link and the portal name from MAIL_FROM', () => {
    expect(formatRemaining(new Date(now.getTime() + 7 * 86_400_000), now)).toBe('in 7 days');
    expect(formatRemaining(new Date(now.getTime() + 36 * 3_600_000), now)).toBe('in 36 hours');
    expect(formatRemaining(new Date(now.getTime() + 90 * 60_000), now)).toBe('in 90 minutes');
    expect(formatRemaining(new Date(now.getTime() + 60_000), now)).toBe('in 1 minute');
    expect(formatRemaining(now, now)).toBe('in 1 minute');
    expect(oneLine('  a \n\t b  ')).toBe('a b');
    expect(senderName('Acme Portal <noreply@acme.test>')).toBe('Acme Portal');
    expect(senderName('"Smith, Jones & Co" <noreply@acme.test>')).toBe('Smith, Jones & Co');
    expect(senderName('noreply@acme.test')).toBe('the customer portal');
  });
});
