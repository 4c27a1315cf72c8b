import type { EntityManager } from '@mikro-orm/core';
import { isPostgres } from '../db/dialect.js';
import { OutboxMessage } from '../domain/entities/outbox-message.js';

/** Due: pending and its time has come, or being sent by a worker whose lease ran out (it crashed). */
function dueConditions(now: Date) {
  return {
    $or: [
      { status: 'pending' as const, nextAttemptAt: { $lte: now } },
      { status: 'sending' as const, claimedUntil: { $lt: now } },
    ],
  };
}

/**
 * PostgreSQL: one statement locks due rows, skipping rows another worker has locked, and
 * marks them as this worker's; two processes never get the same row.
 */
async function claimOnPostgres(
  em: EntityManager,
  workerId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await em.getConnection().execute(
    `update "outbox_messages" set "status" = 'sending', "claimed_by" = ?, "claimed_until" = ?, "attempts" = "attempts" + 1
     where "id" in (
       select "id" from "outbox_messages"
       where ("status" = 'pending' and "next_attempt_at" <= ?) or ("status" = 'sending' and "claimed_until" < ?)
       order by "next_attempt_at", "id"
       limit ? for update skip locked)
     returning "id"`,
    [workerId, leaseUntil, now, now, limit],
    'all',
  );
  return rows.map((row) => row.id);
}

/**
 * Any database: reads due rows, then claims each with a conditional update that matches only
 * while the row is unchanged since it was read (same status and attempt count, still due).
 * Of two workers that read the same row, exactly one update changes it.
 */
async function claimWithConditionalUpdate(
  em: EntityManager,
  workerId: string,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<string[]> {
  const candidates = await em.find(OutboxMessage, dueConditions(now), {
    fields: ['id', 'status', 'attempts'],
    orderBy: { nextAttemptAt: 'asc', id: 'asc' },
    limit,
  });
  const claimed: string[] = [];
  for (const row of candidates) {
    const updated = await em.nativeUpdate(
      OutboxMessage,
      { id: row.id, status: row.status, attempts: row.attempts, ...dueConditions(now) },
      { status: 'sending', claimedBy: workerId, claimedUntil: leaseUntil, attempts: row.attempts + 1 },
    );
    if (updated === 1) claimed.push(row.id);
  }
  return claimed;
}

/**
 * Claims up to `limit` due messages for `workerId` until `leaseUntil`, counting an attempt
 * for each. Returns the claimed messages as they are now.
 */
export async function claimDueMessages(
  em: EntityManager,
  claim: { workerId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<OutboxMessage[]> {
  const { workerId, now, leaseUntil, limit } = claim;
  const ids = isPostgres(em)
    ? await claimOnPostgres(em, workerId, now, leaseUntil, limit)
    : await claimWithConditionalUpdate(em, workerId, now, leaseUntil, limit);
  if (ids.length === 0) return [];
  return em
    .fork()
    .find(OutboxMessage, { id: { $in: ids }, claimedBy: workerId }, { orderBy: { nextAttemptAt: 'asc', id: 'asc' } });
}

export type MessageOutcome =
  | { status: 'sent'; sentAt: Date }
  | { status: 'pending'; nextAttemptAt: Date; lastError: string }
  | { status: 'failed' | 'cancelled'; lastError: string };

/**
 * Records how a claimed message ended, only while this worker still holds it. False means
 * the lease was lost (it ran out and another worker took the message over).
 */
export async function finishMessage(
  em: EntityManager,
  id: string,
  workerId: string,
  outcome: MessageOutcome,
): Promise<boolean> {
  const common = { status: outcome.status, claimedBy: null, claimedUntil: null };
  const fields =
    outcome.status === 'sent'
      ? { ...common, sentAt: outcome.sentAt, lastError: null }
      : outcome.status === 'pending'
        ? { ...common, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.lastError }
        : { ...common, lastError: outcome.lastError };
  const updated = await em.nativeUpdate(OutboxMessage, { id, claimedBy: workerId, status: 'sending' }, fields);
  return updated === 1;
}
