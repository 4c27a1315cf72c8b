import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceDeps } from '../services/context.js';
import { latestOutboxMessages } from '../services/outbox-status.js';

/** One email of the outbox, newest first; `link` only where its .eml file holds one. */
export interface OutboxEntry {
  id: string;
  kind: string;
  recipient: string;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  file: string | null;
  link: string | null;
}

/** The signup or reset link of an email (`/signup/<token>`, `/reset/<token>`). */
const LINK = /https?:\/\/[^\s"<>]+\/(?:signup|reset)\/[A-Za-z0-9_-]+/;

/**
 * The link in an .eml file as Switchboard writes them (quoted-printable): soft line breaks
 * joined and `=3D` decoded first. The link is read from the file each time and never stored:
 * the database keeps only its token's SHA-256.
 */
export function linkInEml(eml: string): string | null {
  const joined = eml.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  return LINK.exec(joined)?.[0] ?? null;
}

async function readEml(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The latest `limit` emails of the outbox table, with the link of each from its .eml file in `dir`. */
export async function latestEmails(deps: Pick<ServiceDeps, 'orm'>, dir: string, limit: number): Promise<OutboxEntry[]> {
  const rows = await latestOutboxMessages(deps, limit);
  return Promise.all(
    rows.map(async (row) => {
      const file = join(dir, `${row.kind}-${row.id}.eml`);
      const eml = await readEml(file);
      return {
        id: row.id,
        kind: row.kind,
        recipient: row.recipient,
        status: row.status,
        createdAt: row.createdAt,
        sentAt: row.sentAt,
        file: eml === null ? null : file,
        link: eml === null ? null : linkInEml(eml),
      };
    }),
  );
}

/** The entries as lines for a terminal: one line per email, its link (or why there is none) under it. */
export function outboxLines(entries: OutboxEntry[], smtp: boolean): string[] {
  if (entries.length === 0) return ['The outbox is empty.'];
  return entries.flatMap((e) => {
    const when = e.createdAt.toISOString().slice(0, 16).replace('T', ' ');
    const head = `${when} UTC  ${e.status.padEnd(9)} ${e.kind.padEnd(16)} ${e.recipient}`;
    const missing = e.status === 'sent' ? 'no .eml file here' : `not written yet (${e.status})`;
    const why = smtp ? 'sent through SMTP_URL: the link is only in the email' : missing;
    return [head, `    ${e.link ?? (e.file ? 'no link in this email' : why)}`];
  });
}
