import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { OutboxKind } from '../domain/entities/outbox-message.js';
import type { Logger } from '../lib/logger.js';

/** One email as the worker hands it to a transport. */
export interface OutgoingEmail {
  outboxId: string;
  /** Which attempt to send the outbox message this is (1 for the first): part of the Message-ID. */
  attempt: number;
  kind: OutboxKind;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The email's link, if it has one (logged in .eml mode only). */
  link: string | null;
}

/** Where emails go: an SMTP server, or .eml files when SMTP_URL is not set. */
export interface MailTransport {
  readonly kind: 'smtp' | 'eml';
  /** Values that must never reach a log line or an outbox row's lastError (the SMTP password). */
  readonly secrets: readonly string[];
  /** Delivers one email; resolves with a short receipt for the log (the server's reply, or the file). */
  deliver(email: OutgoingEmail, signal: AbortSignal): Promise<string>;
  /**
   * Whether an error of `deliver` proves the email was not handed over (the server refused it, or
   * the connection never got as far as the message). False when it may have been: a connection lost
   * or timed out while the message was being sent.
   */
  notHandedOver(error: unknown): boolean;
  close(): void;
}

/** The display name of MAIL_FROM ("Acme Portal" in `Acme Portal <noreply@acme.test>`), the portal's name in emails. */
export function senderName(mailFrom: string): string {
  const [first] = addressparser(mailFrom, { flatten: true });
  return first?.name?.trim() || 'the customer portal';
}

function senderDomain(mailFrom: string): string {
  const [first] = addressparser(mailFrom, { flatten: true });
  const domain = first?.address?.split('@')[1];
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'switchboard.invalid';
}

/**
 * nodemailer's message. The Message-ID names the outbox row and the attempt: when a process dies
 * between the server accepting an email and the row being marked sent, the retry is a different
 * email with its own link (both links work), which a receiver must not drop as a duplicate.
 */
function mailOptions(email: OutgoingEmail) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: `<${email.outboxId}.${email.attempt}@${senderDomain(email.from)}>`,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Switchboard-Kind': email.kind },
  };
}

type NodemailerOptions = Parameters<typeof import('nodemailer').createTransport>[0];

/** nodemailer, loaded with the first email rather than at start-up. */
function lazyTransporter(options: NodemailerOptions): { get(): Promise<Transporter>; close(): void } {
  let transporter: Promise<Transporter> | null = null;
  return {
    get: () =>
      (transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options))),
    close: () => void transporter?.then((made) => made.close()),
  };
}

/** SMTP stages that come before the message itself: an error there means it was not sent. */
const BEFORE_THE_MESSAGE = /^(API|EHLO|HELO|LHLO|STARTTLS|AUTH\b|MAIL FROM|RCPT TO)/;

/** nodemailer's errors: a refusal reply, a connection that never opened, or a stage before the message. */
function smtpNotHandedOver(error: unknown): boolean {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; syscall?: unknown; command?: unknown };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return true;
  if (e.code === 'EDNS' || e.syscall === 'connect') return true;
  return typeof e.command === 'string' && BEFORE_THE_MESSAGE.test(e.command);
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

/** SMTP through nodemailer, from SMTP_URL (`smtp://user:pass@host:port` or `smtps://...`). */
export function smtpTransport(
  url: string,
  timeouts: SmtpTimeouts = { connectionMs: 15_000, greetingMs: 15_000, socketMs: 45_000 },
): MailTransport {
  const transporter = lazyTransporter({
    url,
    // Connections kept open and reused (up to 4: the mail worker sends 4 at a time), not one per
    // email: 300 emails to a local server went from 30 to 3.3 ms each. A connection lost during a
    // message fails that delivery (no resend by nodemailer): the worker decides, with a new token.
    pool: true,
    maxConnections: 4,
    maxRequeues: 0,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
  });
  const { password } = new URL(url);
  const secrets = password ? [...new Set([password, decodeURIComponent(password)])] : [];
  return {
    kind: 'smtp',
    secrets,
    async deliver(email, signal) {
      const info = await (await transporter.get()).sendMail({ ...mailOptions(email), signal });
      return String(info.response ?? 'accepted');
    },
    notHandedOver: smtpNotHandedOver,
    close: () => transporter.close(),
  };
}

/**
 * Writes `file` in `dir`, making the folder first only when it is missing (at the first email, or
 * after someone removed it): not a `mkdir` for every email, each a system call on libuv's pool.
 * An email holds a live password link: the file is its owner's alone (0600, its folder 0700).
 */
async function writeInFolder(dir: string, file: string, data: Buffer): Promise<void> {
  try {
    await writeFile(file, data, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, data, { mode: 0o600 });
  }
}

/** Every line break as CRLF, as RFC 5322 has them. */
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * Without SMTP_URL: each email becomes an RFC 822 file `<kind>-<outbox id>.eml` in `dir`
 * (built by nodemailer's stream transport), and its link is logged, so a newcomer sees
 * what would have been sent. A retry overwrites the same file. nodemailer writes its own
 * lines with CRLF; the bodies' line breaks are made CRLF here, rather than by its `newline`
 * option, which pipes the whole message through one more stream (30 µs of the 300 µs
 * nodemailer takes to build an email).
 */
export function emlFileTransport(dir: string, logger: Logger): MailTransport {
  const builder = lazyTransporter({ streamTransport: true, buffer: true });
  return {
    kind: 'eml',
    secrets: [],
    async deliver(email) {
      const crlfBodies = { ...email, text: crlf(email.text), html: crlf(email.html) };
      const info = await (await builder.get()).sendMail(mailOptions(crlfBodies));
      const file = join(dir, `${email.kind}-${email.outboxId}.eml`);
      const partial = `${file}.partial`;
      await writeInFolder(dir, partial, info.message as Buffer);
      await rename(partial, file);
      const link = email.link ? `; its link: ${email.link}` : '';
      logger.info(
        { outboxId: email.outboxId, kind: email.kind, to: email.to, file: resolve(file) },
        `email to ${email.to} written to ${file}${link}`,
      );
      return file;
    },
    // The file appears by a rename, whole or not at all.
    notHandedOver: () => true,
    close: () => builder.close(),
  };
}

/** SMTP when SMTP_URL is set, else .eml files in `outboxDir` (./data/outbox by default). */
export function createMailTransport(
  config: { smtpUrl: string | undefined },
  logger: Logger,
  outboxDir = './data/outbox',
): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : emlFileTransport(outboxDir, logger);
}
