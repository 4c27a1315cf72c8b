import type { ImportErrorDto, ImportPreviewDto, ImportProgressDto } from '../../domain/dto/import-dto.js';
import type { ImportBatch } from '../../domain/entities/import-batch.js';
import type { ImportRow } from '../../domain/entities/import-row.js';

export type { ImportErrorDto, ImportPreviewDto, ImportProgressDto };

/** A previewed batch with its problems. */
export function toPreviewDto(batch: ImportBatch, errors: ImportErrorDto[], unchanged: number): ImportPreviewDto {
  return {
    id: batch.id,
    fileName: batch.fileName,
    state: batch.state,
    total: batch.total,
    toAdd: batch.toAdd,
    toUpdate: batch.toUpdate,
    unchanged,
    invalid: batch.invalid,
    sendsEmails: batch.sendsEmails,
    administrators: batch.administrators,
    administratorEmails: batch.administratorEmails,
    errors,
    createdAt: batch.createdAt,
    expiresAt: batch.expiresAt,
  };
}

/** The problems of rows, one per line and column, in line order. */
export function errorsOf(rows: Pick<ImportRow, 'line' | 'errors'>[]): ImportErrorDto[] {
  return rows.flatMap((row) =>
    (row.errors ?? []).map((e) => ({ line: row.line, column: e.column, message: e.message })),
  );
}

/** How far a batch has got. */
export function toProgressDto(batch: ImportBatch): ImportProgressDto {
  return {
    id: batch.id,
    accountId: batch.account.id,
    platform: batch.platform,
    origin: batch.origin,
    messageRef: batch.messageRef,
    requester: batch.requester.id,
    fileName: batch.fileName,
    state: batch.state,
    total: batch.toAdd + batch.toUpdate,
    done: batch.done,
    added: batch.added,
    updated: batch.updated,
    unchanged: batch.unchanged,
    failed: batch.failed,
    invalid: batch.invalid,
    reason: batch.reason,
    startedAt: batch.startedAt,
    finishedAt: batch.finishedAt,
  };
}
