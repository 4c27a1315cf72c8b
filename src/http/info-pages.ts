import type { ServerResponse } from 'node:http';
import { html, type SafeHtml } from './html.js';
import { layout } from './link-page-views.js';
import { sendPage } from './page-response.js';
import type { HttpServer } from './server.js';

const LINKS = html`<p><a href="/">About Switchboard</a> · <a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>`;

function about(portal: string): SafeHtml {
  return html`<h1>Switchboard</h1>
<p>Switchboard lets the administrators of ${portal} manage its users from Slack, Microsoft Teams and a console:
invitations, password resets, permissions and hosted-voice profiles.</p>
<p>There is nothing to sign in to here. If you received an invitation or a password link, open it from your email;
to use the portal, sign in to ${portal}.</p>
${LINKS}`;
}

function privacy(portal: string): SafeHtml {
  return html`<h1>Privacy</h1>
<p>Switchboard is run by the operator of ${portal} for its administrators. It keeps:</p>
<ul>
<li>the portal users that administrators manage: names, User IDs, email addresses, phone numbers, roles,
permissions and hosted-voice settings;</li>
<li>for each administrator who uses it from Slack or Teams, their chat user id and the email address the chat
platform reports, to match them to their portal user;</li>
<li>an audit record of every change: who made it, when, from which platform, and for signups and password resets
the visitor's network address.</li>
</ul>
<p>Passwords, voicemail PINs and the tokens in email links are stored only as one-way hashes and never appear in
messages, logs or the audit. Switchboard sends emails only for invitations, password links and password-change notices.</p>
<p>For questions about your data, or to have it corrected or removed, contact the administrators of ${portal}.</p>
${LINKS}`;
}

function terms(portal: string): SafeHtml {
  return html`<h1>Terms of use</h1>
<p>Switchboard is for the administrators of ${portal}, to manage the portal's users on its operator's behalf.
Use it only for the accounts you administer, and only as your organisation allows.</p>
<p>What an administrator does through Switchboard is recorded in the audit with their name. Some changes
wait for a second administrator's approval.</p>
<p>The operator of ${portal} provides Switchboard as it is; its own terms for the portal apply.</p>
${LINKS}`;
}

/**
 * `GET /`, `/privacy` and `/terms`: the website, privacy and terms pages that the Teams app package
 * links to, with the look and the headers of the signup and reset pages.
 */
export function registerInfoPages(http: HttpServer, options: { portalName: string }): void {
  const pages: Array<[string, string, (portal: string) => SafeHtml]> = [
    ['/', 'About Switchboard', about],
    ['/privacy', 'Privacy', privacy],
    ['/terms', 'Terms of use', terms],
  ];
  for (const [path, title, body] of pages) {
    const page = layout(title, options.portalName, body(options.portalName));
    const send = (_req: unknown, res: ServerResponse) => sendPage(res, 200, page);
    http.route('GET', path, send);
    http.route('HEAD', path, send);
  }
}
