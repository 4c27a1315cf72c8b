import type { EntityManager } from '@mikro-orm/core';
import { sql } from 'kysely';
import { jsonParam, selectRows, writeRows } from '../../db/sql-rows.js';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import type { ImportRowAction, ImportRowState } from '../../domain/entities/import-row.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { policyOf } from '../approvals/hold.js';
import type { ChangeScope, Platform, ServiceDeps } from '../context.js';
import { lockAccount } from '../run.js';
import { applyRow, type ChunkState, type RowOutcome } from './apply-row.js';
import type { ImportProgressDto } from './dto.js';
import { accountSites, usersForRows } from './known.js';
import type { ImportRowInput } from './row-input.js';

export interface RunOptions {
  /** Who runs it: written as the lease owner. */
  owner: string;
  /** How long a claim holds without a chunk renewing it. */
  leaseMs: number;
  /** Rows per chunk (one transaction each). */
  chunkSize: number;
  /** Asked before each chunk: stop (and let the lease go) when true. */
  stopping?: () => boolean;
  /** Told after each chunk commits (tests, benchmarks). */
  afterChunk?: (progress: ImportProgressDto) => Promise<void> | void;
}

/** The batch did not finish for a reason of its own (its requester is no longer an Administrator). */
export class BatchFailure extends Error {}

function chunkState(
  em: EntityManager,
  batch: ImportBatch,
  known: ChunkState['known'],
  sites: ChunkState['sites'],
  administratorChangesHeld: boolean,
): ChunkState {
  let administrators: number | null = null;
  let adjustment = 0;
  return {
    known,
    sites,
    note: { import: batch.id },
    platform: batch.platform,
    administratorChangesHeld,
    async enabledAdministrators() {
      administrators ??= await em.count(PortalUser, { account: batch.account, administrator: true, state: 'enabled' });
      return administrators + adjustment;
    },
    adjustAdministrators(by) {
      adjustment += by;
    },
  };
}

interface PendingRow {
  id: string;
  action: ImportRowAction;
  input: ImportRowInput;
}

/**
 * The next rows to import, as plain rows: a chunk's rows are read and marked by SQL, not as
 * entities, so that the flush at its end weighs only the users and what goes with them.
 */
async function pendingRows(em: EntityManager, batchId: string, limit: number): Promise<PendingRow[]> {
  const rows = await selectRows(
    em,
    sql`select id, action, input from import_rows where batch_id = ${batchId} and state = 'pending'
      order by line limit ${limit}`,
  );
  return rows.map((row) => ({
    id: String(row.id),
    action: row.action === 'update' ? 'update' : 'add',
    input: (typeof row.input === 'string' ? JSON.parse(row.input) : row.input) as ImportRowInput,
  }));
}

/** Each row's outcome: one statement per outcome, and one per failed row (with why). */
async function markRows(em: EntityManager, rows: PendingRow[], outcomes: RowOutcome[]): Promise<void> {
  const byState = new Map<ImportRowState, string[]>();
  for (const [index, outcome] of outcomes.entries()) {
    const id = rows[index]!.id;
    if (outcome.state === 'failed') {
      const errors = jsonParam([outcome.error]);
      await writeRows(em, sql`update import_rows set state = 'failed', errors = ${errors} where id = ${id}`);
    } else byState.set(outcome.state, [...(byState.get(outcome.state) ?? []), id]);
  }
  for (const [state, ids] of byState) {
    await writeRows(em, sql`update import_rows set state = ${state} where id in (${sql.join(ids)})`);
  }
}

export type ChunkResult = { kind: 'more' | 'finished'; batch: ImportBatch } | { kind: 'lost' };

/**
 * One chunk in one transaction: the lease checked and renewed first (on PostgreSQL this locks the
 * batch row, so no other runner can claim it meanwhile), then the rows applied, then the
 * counters. Finishes the batch when no row is pending.
 */
export async function runChunk(deps: ServiceDeps, batchId: string, options: RunOptions): Promise<ChunkResult> {
  return deps.orm.em.fork().transactional(async (em): Promise<ChunkResult> => {
    const now = deps.clock.now();
    const mine = { id: batchId, state: 'running' as const, leaseOwner: options.owner };
    const renewed = await em.nativeUpdate(ImportBatch, mine, { leaseUntil: new Date(now.getTime() + options.leaseMs) });
    if (renewed !== 1) return { kind: 'lost' };
    const batch = await em.findOneOrFail(ImportBatch, { id: batchId }, { populate: ['account', 'requester'] });
    // Serialises with the account's other changes on PostgreSQL, as runChange does.
    await lockAccount(em, batch.account.id);
    const requester = batch.requester;
    if (requester.state !== 'enabled' || !requester.administrator) {
      throw new BatchFailure(`${requester.name} is no longer an enabled Administrator, so the import stopped`);
    }
    const rows = await pendingRows(em, batchId, options.chunkSize);
    if (rows.length === 0) {
      Object.assign(batch, { state: 'done', finishedAt: now, leaseOwner: null, leaseUntil: null });
      return { kind: 'finished', batch };
    }
    const inputs = rows.map((row) => row.input);
    const known = await usersForRows(em, batch.account, inputs);
    const held = policyOf(deps).rules.includes('administrators');
    const state = chunkState(em, batch, known, await accountSites(em, batch.account), held);
    const scope: ChangeScope = {
      ...{ em, actor: requester, account: batch.account, now, deps, target: null, dryRun: false },
      platform: batch.platform as Platform,
    };
    const outcomes: RowOutcome[] = [];
    for (const row of rows) {
      const outcome = await applyRow(scope, state, row.input, row.action);
      outcomes.push(outcome);
      batch[outcome.state] += 1;
      batch.done += 1;
    }
    await markRows(em, rows, outcomes);
    // The users, their audit events and emails, and the counters: flushed as the transaction ends.
    return { kind: 'more', batch };
  });
}
