import type { z } from 'zod/v4';
import type { ImportRowError } from '../../domain/entities/import-row.js';
import { addUserInput } from '../../domain/inputs/user-inputs.js';
import { columnOfPath, SITE_SEPARATOR, type UserColumn } from './columns.js';
import type { AdministratorChange } from './plan.js';
import { printable } from './printable.js';
import { unguardCell } from './csv-file.js';

/** A row's validated input: `user add`'s, and which optional cells were given (an update keeps the rest). */
export interface ImportRowInput {
  user: z.output<typeof addUserInput>;
  given: { label: boolean; role: boolean; sites: boolean; phone: boolean };
  /**
   * What the preview found the row does to an Administrator, counted in the batch the approval
   * policy judged; the runner refuses a row that does such a change the preview did not show.
   */
  administratorChange?: AdministratorChange;
}

/** Stands in for a blank Phone while the rest of the row is checked: a valid number, never stored. */
const NO_PHONE = '+17035550100';

const BOOLEANS: Record<string, boolean> = { yes: true, no: false, true: true, false: false, 1: true, 0: false };
const BOOLEAN_KEYS = new Set(['administrator', 'accessAllSites', 'sendSetupEmail']);

/** A level or role as people write it: `Read-Only`, `read only`, `MANAGE`. */
const word = (text: string) => text.trim().toLowerCase().replace(/\s+/g, '-');

/**
 * What one cell gives `user add`'s input, or a problem. Blank cells give nothing, so the schema's
 * default applies (and an update keeps the current value).
 */
function cellValue(column: UserColumn, written: string): { value?: unknown; error?: string } {
  const text = unguardCell(written);
  if (text.trim() === '') return {};
  if (BOOLEAN_KEYS.has(column.key)) {
    const value = BOOLEANS[text.trim().toLowerCase()];
    if (value === undefined) {
      return {
        error: `${column.header} must be yes or no (or true/false, 1/0), not "${printable(text.trim())}"; leave it blank for the default.`,
      };
    }
    return { value };
  }
  if (column.key === 'sites') {
    return {
      value: text
        .split(SITE_SEPARATOR)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    };
  }
  if (column.field[0] === 'permissions' || column.key === 'role') return { value: word(text) };
  return { value: text };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) target[head] = value;
  else setPath((target[head] ??= {}) as Record<string, unknown>, rest, value);
}

/**
 * A row's cells checked with the very schema of `user add` (so its messages are the form's), each
 * problem in the column it is in. Cells of ignored columns (State) are skipped.
 */
export function rowInput(
  columns: (UserColumn | null)[],
  cells: string[],
): { input: ImportRowInput | null; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  if (cells.length > columns.length) {
    const extra = cells.slice(columns.length).some((c) => c.trim() !== '');
    if (extra) {
      errors.push({
        column: null,
        message: `This row has ${cells.length} cells but the header has ${columns.length} columns; check for an unquoted comma.`,
      });
    }
  }
  const raw: Record<string, unknown> = {};
  const given = { label: false, role: false, sites: false, phone: false };
  columns.forEach((column, index) => {
    if (!column) return;
    const { value, error } = cellValue(column, cells[index] ?? '');
    if (error) errors.push({ column: column.header, message: error });
    if (value === undefined) return;
    setPath(raw, column.field, value);
    if (column.key in given) given[column.key as keyof typeof given] = true;
  });
  // A blank Phone keeps an existing user's (an export of a user without one imports back);
  // a new user needs one, which the account check says (plan.ts).
  const parsed = addUserInput.safeParse(given.phone ? raw : { ...raw, phone: NO_PHONE });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = columnOfPath(issue.path);
      if (!errors.some((e) => e.column === column)) errors.push({ column, message: issue.message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { input: null, errors };
  const user = given.phone ? parsed.data : { ...parsed.data, phone: '' };
  return { input: { user, given }, errors };
}
