import type { ServiceDeps } from '../context.js';
import type { RunOptions } from './chunk.js';
import { ImportBatch } from '../../domain/entities/import-batch.js';

/**
 * The lease on a confirmed import: one runner at a time holds it, by conditional updates, and a
 * runner that died loses it when its lease lapses (each chunk renews it; see chunk.ts).
 */

/** Claims the oldest batch that is queued, or running under a lease that lapsed; its id, or null. */
export async function claimBatch(
  deps: ServiceDeps,
  options: Pick<RunOptions, 'owner' | 'leaseMs'>,
): Promise<string | null> {
  const em = deps.orm.em.fork();
  const now = deps.clock.now();
  const due = { $or: [{ state: 'queued' as const }, { state: 'running' as const, leaseUntil: { $lt: now } }] };
  const candidates = await em.find(ImportBatch, due, {
    orderBy: { createdAt: 'asc' },
    limit: 5,
    fields: ['id', 'state', 'leaseUntil'],
  });
  for (const candidate of candidates) {
    const claim = {
      leaseOwner: options.owner,
      leaseUntil: new Date(now.getTime() + options.leaseMs),
      state: 'running' as const,
    };
    // Conditional: of two runners claiming at once, the second finds the lease taken.
    const still =
      candidate.state === 'queued'
        ? { id: candidate.id, state: 'queued' as const }
        : { id: candidate.id, state: 'running' as const, leaseUntil: { $lt: now } };
    if ((await em.nativeUpdate(ImportBatch, still, claim)) === 1) {
      await em.nativeUpdate(ImportBatch, { id: candidate.id, startedAt: null }, { startedAt: now });
      return candidate.id;
    }
  }
  return null;
}

/** Ends a batch that cannot go on, with why; only by the runner holding it. */
export async function failBatch(deps: ServiceDeps, batchId: string, owner: string, reason: string): Promise<void> {
  const em = deps.orm.em.fork();
  await em.nativeUpdate(
    ImportBatch,
    { id: batchId, state: 'running', leaseOwner: owner },
    { state: 'failed', reason, finishedAt: deps.clock.now(), leaseOwner: null, leaseUntil: null },
  );
}

/** Lets a batch go (a runner stopping): another process may claim it at once. */
export async function releaseBatch(deps: ServiceDeps, batchId: string, owner: string): Promise<void> {
  const em = deps.orm.em.fork();
  await em.nativeUpdate(
    ImportBatch,
    { id: batchId, state: 'running', leaseOwner: owner },
    { leaseUntil: deps.clock.now() },
  );
}
