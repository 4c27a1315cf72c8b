import type { ImportRowError } from '../../domain/entities/import-row.js';
import { printable } from './printable.js';

/**
 * The columns of `users import` and `users export`: one list, so that an exported file imports
 * back. Headers are matched ignoring case and spaces ("user id", "UserID"). A column maps to a
 * field of `user add`'s input (domain/inputs/user-inputs.ts): `field` is its path there.
 * Required: User ID, First Name, Last Name, Email, and Phone for a new user. A row whose User ID
 * exists updates that user: blank Role, User Label, Phone and Sites keep what they have, and
 * Send Setup Email is for new users only (an update sends no email).
 */
export const USER_COLUMNS = [
  { key: 'userId', header: 'User ID', required: true, field: ['userId'] },
  { key: 'label', header: 'User Label', required: false, field: ['label'] },
  { key: 'firstName', header: 'First Name', required: true, field: ['firstName'] },
  { key: 'lastName', header: 'Last Name', required: true, field: ['lastName'] },
  { key: 'email', header: 'Email', required: true, field: ['email'] },
  { key: 'phone', header: 'Phone', required: true, field: ['phone'] },
  { key: 'role', header: 'Role', required: false, field: ['role'] },
  { key: 'administrator', header: 'Administrator', required: false, field: ['permissions', 'administrator'] },
  { key: 'accessAllSites', header: 'Access All Sites', required: false, field: ['permissions', 'accessAllSites'] },
  { key: 'sites', header: 'Sites', required: false, field: ['sites'] },
  { key: 'invoices', header: 'Invoices', required: false, field: ['permissions', 'invoices'] },
  { key: 'orders', header: 'Orders', required: false, field: ['permissions', 'orders'] },
  { key: 'services', header: 'Services', required: false, field: ['permissions', 'services'] },
  { key: 'tickets', header: 'Tickets', required: false, field: ['permissions', 'tickets'] },
  { key: 'fortinetSso', header: 'Fortinet', required: false, field: ['permissions', 'fortinetSso'] },
  { key: 'merakiSso', header: 'Meraki', required: false, field: ['permissions', 'merakiSso'] },
  { key: 'veloSso', header: 'Velo', required: false, field: ['permissions', 'veloSso'] },
  { key: 'sendSetupEmail', header: 'Send Setup Email', required: false, field: ['sendSetupEmail'] },
] as const;

export type UserColumn = (typeof USER_COLUMNS)[number];
export type ColumnKey = UserColumn['key'];

/** The columns export adds after the others; import ignores them. */
export const STATE_HEADER = 'State';
/** The levels a user holds for a while only (time-boxed grants), and until when. */
export const TEMPORARY_HEADER = 'Temporary Until';
/** Columns import ignores: State and Temporary Until (of an export), Line and Error (of a file of failed rows). */
const IGNORED = new Set(['state', 'temporaryuntil', 'line', 'error']);

/** The header of an exported file. */
export const EXPORT_HEADER: readonly string[] = [...USER_COLUMNS.map((c) => c.header), STATE_HEADER, TEMPORARY_HEADER];

/** Separates the sites of one cell: `Herndon HQ; 3992460`. */
export const SITE_SEPARATOR = ';';

/** A header as compared: no case, no spaces. */
const headerKey = (name: string) => name.replace(/\s+/g, '').toLowerCase();

const BY_HEADER = new Map<string, UserColumn>(USER_COLUMNS.map((c) => [headerKey(c.header), c]));
/** Other ways people write a header: the SSO columns with "SSO", the setup email without "Send". */
for (const [alias, key] of [
  ['fortinetsso', 'fortinetSso'],
  ['merakisso', 'merakiSso'],
  ['velosso', 'veloSso'],
  ['setupemail', 'sendSetupEmail'],
  ['label', 'label'],
] as const) {
  BY_HEADER.set(
    alias,
    USER_COLUMNS.find((c) => c.key === key)!,
  );
}

const expected = () => USER_COLUMNS.map((c) => c.header).join(', ');

/** The file's columns, in its order: a known column, or null for one to ignore (State, Line, Error). */
export interface MatchedHeader {
  columns: (UserColumn | null)[];
  /** Problems of the header (line 1): unknown, repeated or missing columns. */
  errors: ImportRowError[];
}

/** Matches a file's header to the columns; every problem is one error naming the column. */
export function matchHeader(header: string[]): MatchedHeader {
  const errors: ImportRowError[] = [];
  const seen = new Set<ColumnKey>();
  const columns = header.map((name, index): UserColumn | null => {
    const key = headerKey(name);
    if (IGNORED.has(key)) return null;
    const column = BY_HEADER.get(key);
    if (!column) {
      const shown = printable(name.trim());
      const what = key === '' ? `Column ${index + 1} has no name` : `Unknown column "${shown}"`;
      errors.push({
        column: shown || null,
        message: `${what}; the columns are ${expected()} (State, Line and Error are ignored). Rename it or remove it.`,
      });
      return null;
    }
    if (seen.has(column.key)) {
      errors.push({ column: column.header, message: `Column ${column.header} is given twice; keep one of them.` });
      return null;
    }
    seen.add(column.key);
    return column;
  });
  for (const column of USER_COLUMNS) {
    if (column.required && !seen.has(column.key)) {
      errors.push({
        column: column.header,
        message: `Column ${column.header} is missing; it is required. The columns are ${expected()}.`,
      });
    }
  }
  return { columns, errors };
}

/** The CSV column a path of `user add`'s input is in (a zod issue's path), or null. */
export function columnOfPath(path: readonly PropertyKey[]): string | null {
  const column = USER_COLUMNS.find((c) => c.field.every((part, i) => path[i] === part));
  return column?.header ?? null;
}
