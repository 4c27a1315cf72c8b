import { ImportBatch } from '../../domain/entities/import-batch.js';
import { ImportRow } from '../../domain/entities/import-row.js';
import type { ServiceDeps } from '../context.js';

/** How long an import never confirmed (expired or cancelled) is kept, with its rows, before it is deleted. */
export const UNCONFIRMED_IMPORT_KEPT_MS = 7 * 24 * 3_600_000;

/**
 * Deletes the imports never confirmed, a week after they expired or were cancelled: their rows
 * hold whole files and nothing else refers to them. Confirmed imports stay (their failed rows
 * and counts are history). Returns how many were deleted.
 */
export async function purgeUnconfirmedImports(deps: ServiceDeps): Promise<number> {
  const em = deps.orm.em.fork();
  const before = new Date(deps.clock.now().getTime() - UNCONFIRMED_IMPORT_KEPT_MS);
  const stale = await em.find(
    ImportBatch,
    {
      $or: [
        { state: 'preview', expiresAt: { $lt: before } },
        { state: 'cancelled', finishedAt: { $lt: before } },
      ],
    },
    { fields: ['id'], limit: 100 },
  );
  if (stale.length === 0) return 0;
  const ids = stale.map((b) => b.id);
  return em.transactional(async (tx) => {
    await tx.nativeDelete(ImportRow, { batch: { $in: ids } });
    // Still unconfirmed: a confirmation at this very moment keeps its batch.
    return tx.nativeDelete(ImportBatch, { id: { $in: ids }, state: { $in: ['preview', 'cancelled'] } });
  });
}
