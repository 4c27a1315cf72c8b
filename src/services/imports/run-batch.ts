import type { ServiceDeps } from '../context.js';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import { BatchFailure, runChunk, type ChunkResult, type RunOptions } from './chunk.js';
import { toProgressDto, type ImportProgressDto } from './dto.js';
import { failBatch, releaseBatch } from './lease.js';

export { claimBatch, failBatch } from './lease.js';
export type { RunOptions } from './chunk.js';

/**
 * The import runner's work (app/import-runner.ts drives it): claim a confirmed batch with a lease,
 * then import its pending rows chunk by chunk, ONE transaction per chunk holding the users, their
 * audit events and setup emails, the rows' outcomes and the batch's counters. A crash loses no
 * committed chunk; the next runner to claim the batch (its lease lapsed) goes on from the rows
 * still pending, so nothing is imported twice.
 */

/** The batch's progress as it is in the database. */
export async function readProgress(deps: ServiceDeps, batchId: string): Promise<ImportProgressDto> {
  const batch = await deps.orm.em.fork().findOneOrFail(ImportBatch, { id: batchId });
  return toProgressDto(batch);
}

/** Publishes progress at most once a second, and always when asked to (the end). */
function progressPublisher(deps: ServiceDeps) {
  let last = 0;
  return async (progress: ImportProgressDto, always = false) => {
    if (!always && Date.now() - last < 1_000) return;
    last = Date.now();
    await deps.importEvents.publish([progress]);
  };
}

/**
 * Imports a claimed batch to its end: chunk after chunk while the lease holds, then `done`; an
 * unexpected error is tried once more, then ends the batch as `failed` with the reason.
 * Returns the final progress, or null when the batch was left (stopping, or the lease lost).
 */
export async function runBatch(
  deps: ServiceDeps,
  batchId: string,
  options: RunOptions,
): Promise<ImportProgressDto | null> {
  const publish = progressPublisher(deps);
  let retried = false;
  for (;;) {
    if (options.stopping?.()) {
      await releaseBatch(deps, batchId, options.owner);
      return null;
    }
    let result: ChunkResult;
    try {
      result = await runChunk(deps, batchId, options);
      retried = false;
    } catch (error) {
      if (!(error instanceof BatchFailure) && !retried) {
        deps.logger.warn({ err: error, batch: batchId }, 'an import chunk failed; trying it again');
        retried = true;
        continue;
      }
      deps.logger.error({ err: error, batch: batchId }, 'an import failed');
      await failBatch(deps, batchId, options.owner, error instanceof Error ? error.message : String(error));
      const progress = await readProgress(deps, batchId);
      await publish(progress, true);
      return progress;
    }
    if (result.kind === 'lost') {
      deps.logger.warn({ batch: batchId, owner: options.owner }, 'lost the lease of an import to another runner');
      return null;
    }
    const progress = toProgressDto(result.batch);
    await options.afterChunk?.(progress);
    if (result.kind === 'finished') {
      await publish(progress, true);
      return progress;
    }
    await publish(progress);
  }
}
