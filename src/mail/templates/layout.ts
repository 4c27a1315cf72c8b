import { html, type SafeHtml } from '../../http/html.js';
import { oneLine } from '../../lib/text-fit.js';

/** One email, ready for nodemailer: a subject and the same content as text and HTML. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A link in an email: where it goes and what the button says. */
export interface EmailAction {
  label: string;
  url: string;
}

// Made at the first email, not at start-up: loading ICU's date formats takes about 5 MB of memory.
let dateFormat: Intl.DateTimeFormat | undefined;

/** "Wednesday, December 2, 2026 at 10:00 AM UTC". */
export function formatDate(date: Date): string {
  dateFormat ??= new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });
  return `${dateFormat.format(date)} UTC`;
}

/** "in 7 days", "in 12 hours", "in 45 minutes": how long a link stays usable. */
export function formatRemaining(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.round((until.getTime() - now.getTime()) / 60_000));
  const plural = (n: number, unit: string) => `in ${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes >= 2 * 24 * 60) return plural(Math.round(minutes / (24 * 60)), 'day');
  if (minutes >= 2 * 60) return plural(Math.round(minutes / 60), 'hour');
  return plural(minutes, 'minute');
}

export interface EmailContent {
  subject: string;
  greeting: string;
  /** Paragraphs before the action; plain text, escaped for HTML here. */
  intro: string[];
  action?: EmailAction;
  /** Paragraphs after the action. */
  outro: string[];
  /** Who sends it, e.g. the portal's name. */
  signature: string;
}

function htmlBody(content: EmailContent): SafeHtml {
  const paragraph = (text: string) => html`<p style="margin:0 0 16px">${text}</p>`;
  const action = content.action
    ? html`<p style="margin:24px 0"><a href="${content.action.url}" style="background:#1f5fbf;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;display:inline-block">${content.action.label}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555555">If the button does not work, copy this address into your browser:<br><a href="${content.action.url}" style="color:#1f5fbf;word-break:break-all">${content.action.url}</a></p>`
    : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.subject}</title>
</head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b">
<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
${paragraph(content.greeting)}
${content.intro.map(paragraph)}
${action}
${content.outro.map(paragraph)}
<p style="margin:24px 0 0;color:#555555">${content.signature}</p>
</div>
</body>
</html>
`;
}

function textBody(content: EmailContent): string {
  const blocks = [content.greeting, ...content.intro];
  if (content.action) blocks.push(`${content.action.label}:\n${content.action.url}`);
  blocks.push(...content.outro, content.signature);
  return `${blocks.join('\n\n')}\n`;
}

/** The text and HTML versions of one email from the same content. */
export function renderEmail(content: EmailContent): RenderedEmail {
  return { subject: oneLine(content.subject), text: textBody(content), html: htmlBody(content).value };
}

/** "Hello Alice Walker," or "Hello," when the name is not known. */
export function greeting(name: string): string {
  const clean = oneLine(name);
  return clean ? `Hello ${clean},` : 'Hello,';
}
