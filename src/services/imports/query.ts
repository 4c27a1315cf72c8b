import { z } from 'zod/v4';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import { ImportRow } from '../../domain/entities/import-row.js';
import type { CsvFileDto } from '../../domain/dto/import-dto.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ServiceDeps } from '../context.js';
import { runChange, runQuery } from '../run.js';
import { findBatch, notInPreview } from './batch.js';
import { onePage, writeCsv } from './csv-file.js';
import { failedRowsFileName } from './file-names.js';
import { toProgressDto, type ImportProgressDto } from './dto.js';

const batchInput = z.object({ id: z.string({ error: 'Give the import id' }).trim().min(1, 'Give the import id') });

/** How far an import of the actor's account has got. Administrators only. */
export function importStatus(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportProgressDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'users.import.status',
      schema: batchInput,
      async run(data, { em, actor: user, account }) {
        requireAdministrator(user, 'see imports');
        return toProgressDto(await findBatch(em, account.id, data.id));
      },
    },
    { id },
  );
}

/** The account's recent imports, newest first (previews included). Administrators only. */
export function listImports(deps: ServiceDeps, actor: Actor, limit = 20): Promise<ImportProgressDto[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'users.import.list',
      schema: z.object({ limit: z.number().int().min(1).max(100) }),
      async run(data, { em, actor: user, account }) {
        requireAdministrator(user, 'see imports');
        const batches = await em.find(
          ImportBatch,
          { account },
          { orderBy: { createdAt: 'desc' }, limit: data.limit, populate: ['requester'] },
        );
        return batches.map(toProgressDto);
      },
    },
    { limit },
  );
}

/** Cancels a preview (audited): it can no longer be confirmed. Any other state is refused, saying why. */
export function cancelImport(deps: ServiceDeps, actor: Actor, id: string): Promise<ImportProgressDto> {
  return runChange(
    deps,
    actor,
    {
      action: 'users.import.cancel',
      schema: batchInput,
      async run(data, scope) {
        requireAdministrator(scope.actor, 'cancel imports');
        const batch = await findBatch(scope.em, scope.account.id, data.id);
        scope.target = { targetType: 'import', targetId: batch.id, targetName: batch.fileName };
        const refusal = notInPreview(batch, scope.now);
        if (refusal && refusal.code !== 'IMPORT.EXPIRED') throw refusal;
        const moved = await scope.em.nativeUpdate(
          ImportBatch,
          { id: batch.id, state: 'preview' },
          { state: 'cancelled', finishedAt: scope.now },
        );
        if (moved !== 1) throw notInPreview(Object.assign(batch, { state: 'queued' }), scope.now)!;
        Object.assign(batch, { state: 'cancelled', finishedAt: scope.now });
        return { result: toProgressDto(batch), before: { state: 'preview' }, after: { state: 'cancelled' } };
      },
    },
    { id },
  );
}

/**
 * Records where a front end posted an import's progress message, once: false when another
 * process (or a retried delivery) recorded one first, which that one then keeps updating.
 */
export async function recordImportMessage(deps: ServiceDeps, id: string, messageRef: string): Promise<boolean> {
  const em = deps.orm.em.fork();
  return (await em.nativeUpdate(ImportBatch, { id, messageRef: null }, { messageRef })) === 1;
}

/**
 * The rows of an import that were wrong in the preview or failed in the run, as CSV: the file's
 * own columns as written, then `Line` and `Error`; fixed, the file imports again as it is.
 * Administrators only.
 */
export function failedRowsCsv(deps: ServiceDeps, actor: Actor, id: string): Promise<CsvFileDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'users.import.failed',
      schema: batchInput,
      async run(data, { em, actor: user, account, now }) {
        requireAdministrator(user, 'see imports');
        const batch = await findBatch(em, account.id, data.id);
        const rows = await em.find(
          ImportRow,
          { batch, state: { $in: ['invalid', 'failed'] } },
          { orderBy: { line: 'asc' } },
        );
        const width = batch.header.length;
        const lines = rows.map((row) => {
          const cells = Array.from({ length: width }, (_, i) => row.cells[i] ?? '');
          const error = (row.errors ?? []).map((e) => (e.column ? `${e.column}: ${e.message}` : e.message));
          return [...cells, String(row.line), error.join('; ')];
        });
        const csv = await writeCsv([...batch.header, 'Line', 'Error'], onePage(lines));
        return { fileName: failedRowsFileName(batch.fileName, now), csv, count: rows.length };
      },
    },
    { id },
  );
}
