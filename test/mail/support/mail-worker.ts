import { expect } from 'vitest';
import { OutboxMessage } from '../../../src/domain/entities/outbox-message.js';
import { MailWorker, type MailWorkerOptions, type RoundSummary } from '../../../src/mail/outbox-worker.js';
import type { MailTransport } from '../../../src/mail/transport.js';
import type { TestSwitchboard } from '../../support/switchboard.js';

export const MAIL_FROM = 'Acme Portal <noreply@acme.test>';

/** A worker over the test switchboard with fast, deterministic retries (no jitter). */
export function testWorker(
  sb: TestSwitchboard,
  transport: MailTransport,
  options: Partial<MailWorkerOptions> = {},
): MailWorker {
  return new MailWorker(sb.deps, {
    transport,
    from: MAIL_FROM,
    pollIntervalMs: 20,
    sendTimeoutMs: 10_000,
    retry: { maxAttempts: 4, baseDelayMs: 60_000, maxDelayMs: 600_000, jitter: 0 },
    ...options,
  });
}

/** Runs rounds until nothing is due; returns the totals. */
export async function drain(worker: MailWorker): Promise<RoundSummary> {
  const total: RoundSummary = { claimed: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0, lost: 0 };
  for (let i = 0; i < 1000; i++) {
    const round = await worker.runOnce();
    for (const key of Object.keys(total) as (keyof RoundSummary)[]) total[key] += round[key];
    if (round.claimed === 0) return total;
  }
  throw new Error('the outbox never drained');
}

/** The outbox row of an invitation or password link (by subjectId), or of a recipient. */
export async function outboxRow(
  sb: TestSwitchboard,
  where: { subjectId?: string; recipient?: string; kind?: string },
): Promise<OutboxMessage> {
  const rows = await sb.orm.em.fork().find(OutboxMessage, where as object, { orderBy: { createdAt: 'desc' } });
  expect(rows.length, `one outbox message for ${JSON.stringify(where)}`).toBe(1);
  return rows[0]!;
}
