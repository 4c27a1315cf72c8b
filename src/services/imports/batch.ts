import type { EntityManager } from '@mikro-orm/core';
import { idOrPrefix } from '../../db/id-prefix.js';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import { ServiceError } from '../../domain/errors.js';

/** An import of the account by its id or the start of it (at least 4 characters, one match); any other is not found. */
export async function findBatch(em: EntityManager, accountId: string, id: string): Promise<ImportBatch> {
  const found =
    id.trim().length >= 4
      ? await em.find(
          ImportBatch,
          { $and: [{ account: accountId }, idOrPrefix<ImportBatch>(id)] },
          { populate: ['requester'], limit: 2 },
        )
      : [];
  const batch = found.length === 1 ? found[0] : null;
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
