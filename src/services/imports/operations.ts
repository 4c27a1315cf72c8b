import { z } from 'zod/v4';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { ImportBatch } from '../../domain/entities/import-batch.js';
import { ServiceError } from '../../domain/errors.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ChangeScope, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { findBatch, notInPreview } from './batch.js';

export const importUsersInput = z.object({
  batch: z.string({ error: 'Give the import id' }).uuid('The import id is not valid; import the file again'),
  /** How many rows it imports, as the preview said: the approval policy's `bulk` rule counts them. */
  rows: z.number({ error: 'Give the number of rows to import' }).int().nonnegative(),
});

/** The rows an import's input claims, for the `bulk` rule (the run refuses a claim that is not true). */
const rowsOf = (input: unknown): number => {
  const rows = (input as { rows?: unknown } | null)?.rows;
  return typeof rows === 'number' && Number.isFinite(rows) ? rows : 0;
};

/** When the import was confirmed: now, or, carried out under an approval, when its request was made. */
async function confirmedAt(scope: ChangeScope): Promise<Date> {
  if (!scope.approval) return scope.now;
  const request = await scope.em.findOne(ApprovalRequest, scope.approval.requestId, { fields: ['createdAt'] });
  return request?.createdAt ?? scope.now;
}

/**
 * Confirms a previewed import: the batch moves from `preview` to `queued`, exactly once (a
 * conditional update), and the runner (app/import-runner.ts) imports its valid rows in chunks,
 * each row with its own `user.add` or `user.edit` audit event; wrong rows are skipped and
 * reported. Administrators only, and only the one who uploaded it. Under the approval policy as
 * ONE request: `bulk` counts `input.rows`, and the dry run's `after` grants Administrator when
 * any row would make someone one, and counts the Administrators' emails it would change, so the
 * `administrators` rule holds it as it holds `user permissions` and `user edit`. Carried out
 * under an approval, it is judged confirmed when its request was made (a preview confirmed in
 * time and approved later still imports).
 */
export const importUsersOperation = defineOperation({
  name: 'users.import',
  label: 'Import users',
  input: importUsersInput,
  approval: { rules: ['administrators'], bulkCount: rowsOf },
  async run(data, scope) {
    const { em, account, now } = scope;
    requireAdministrator(scope.actor, 'import users');
    const batch = await findBatch(em, account.id, data.batch);
    scope.target = { targetType: 'import', targetId: batch.id, targetName: batch.fileName };
    if (batch.requester.id !== scope.actor.id) {
      throw new ServiceError(
        'AUTH.FORBIDDEN',
        `Only ${batch.requester.name}, who uploaded ${batch.fileName}, can confirm it; upload the file yourself to import it.`,
      );
    }
    const refusal = notInPreview(batch, await confirmedAt(scope));
    if (refusal) throw refusal;
    const rows = batch.toAdd + batch.toUpdate;
    if (rows === 0) {
      throw new ServiceError(
        'IMPORT.NOTHING_TO_IMPORT',
        `Nothing in ${batch.fileName} can be imported: every row is wrong. Fix the rows the preview lists and import the file again.`,
      );
    }
    if (data.rows !== rows) {
      throw ServiceError.field(
        'IMPORT.ROWS_MISMATCH',
        'rows',
        `${batch.fileName} has ${rows} rows to import, not ${data.rows}; confirm the preview as shown.`,
      );
    }
    const moved = await em.nativeUpdate(ImportBatch, { id: batch.id, state: 'preview' }, { state: 'queued' });
    if (moved !== 1) throw notInPreview(Object.assign(batch, { state: 'queued' }), now)!;
    const counts = { rows, toAdd: batch.toAdd, toUpdate: batch.toUpdate, invalid: batch.invalid };
    return {
      result: { id: batch.id, state: 'queued' as const, rows },
      before: { state: 'preview', permissions: { administrator: false } },
      after: {
        state: 'queued',
        fileName: batch.fileName,
        ...counts,
        sendsEmails: batch.sendsEmails,
        administrators: batch.administrators,
        administratorEmails: batch.administratorEmails,
        permissions: { administrator: batch.administrators > 0 },
      },
    };
  },
});

/** Confirms an import at once, ungated (the front ends go through the gate: `confirmImport`, or `ctx.run`). */
export const importUsers = (deps: ServiceDeps, actor: Actor, input: z.input<typeof importUsersInput>) =>
  runOperation(deps, actor, importUsersOperation, input);
