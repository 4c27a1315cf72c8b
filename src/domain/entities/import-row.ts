import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { ImportBatch } from './import-batch.js';

/**
 * `invalid`: wrong in the preview, never imported; `pending`: to import; then `added`, `updated`,
 * `unchanged` (an update that changes nothing) or `failed` (invalid by the time it ran).
 */
export const IMPORT_ROW_STATES = ['invalid', 'pending', 'added', 'updated', 'unchanged', 'failed'] as const;
export type ImportRowState = (typeof IMPORT_ROW_STATES)[number];
export type ImportRowAction = 'add' | 'update';

/** One problem of a row: the CSV column it is in (null for the row as a whole) and what is wrong. */
export interface ImportRowError {
  column: string | null;
  message: string;
}

export const ImportRowSchema = defineEntity({
  name: 'ImportRow',
  tableName: 'import_rows',
  indexes: [{ properties: ['batch', 'state', 'line'], name: 'import_rows_batch_index' }],
  properties: {
    id: p.uuid().primary(),
    // No index of its own on SQLite: import_rows_batch_index starts with the batch.
    batch: () => p.manyToOne(ImportBatch).deleteRule('cascade').index(false),
    /** The CSV line the record starts on (the header is line 1). */
    line: p.integer(),
    action: p.string().length(8).$type<ImportRowAction>().strictNullable(),
    state: p.string().length(16).$type<ImportRowState>(),
    /** The cells as written, in the header's order. */
    cells: p.json<string[]>(),
    /** The validated input (see services/imports/row-input.ts), for a valid row. */
    input: p.json<Record<string, unknown>>().strictNullable(),
    errors: p.json<ImportRowError[]>().strictNullable(),
  },
});

/** A row of an import batch, as previewed and then as imported. */
export class ImportRow extends ImportRowSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.action = null;
    this.input = null;
    this.errors = null;
  }
}

ImportRowSchema.setClass(ImportRow);
