import type { EntityManager } from '@mikro-orm/core';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import { ServiceError } from '../../domain/errors.js';

/** An import of the account by its id; any other is not found. */
export async function findBatch(em: EntityManager, accountId: string, id: string): Promise<ImportBatch> {
  const batch = /^[0-9a-f-]{36}$/i.test(id)
    ? await em.findOne(ImportBatch, { id: id.toLowerCase(), account: accountId }, { populate: ['requester'] })
    : null;
  if (!batch) {
    throw ServiceError.field(
      'IMPORT.NOT_FOUND',
      'batch',
      `No import ${id} in this account; see \`users import\` to upload the file again.`,
    );
  }
  return batch;
}

/** Why a batch can no longer be confirmed or cancelled, in words; null when it still can. */
export function notInPreview(batch: ImportBatch, now: Date): ServiceError | null {
  const name = `The import of ${batch.fileName}`;
  switch (batch.state) {
    case 'preview':
      return batch.expiresAt <= now
        ? new ServiceError(
            'IMPORT.EXPIRED',
            `${name} expired: a preview can be confirmed for 24 hours. Upload the file again.`,
          )
        : null;
    case 'cancelled':
      return new ServiceError('IMPORT.NOT_IN_PREVIEW', `${name} was cancelled; upload the file again to import it.`);
    default:
      return new ServiceError(
        'IMPORT.NOT_IN_PREVIEW',
        `${name} was confirmed already (it is ${batch.state}); see its progress with its id ${batch.id}.`,
      );
  }
}
