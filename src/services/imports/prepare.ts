import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import { Readable } from 'node:stream';
import { z } from 'zod/v4';
import type { Account } from '../../domain/entities/account.js';
import { ImportBatch, type ImportOrigin } from '../../domain/entities/import-batch.js';
import { ImportRow, type ImportRowError } from '../../domain/entities/import-row.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import { CHANGING_ADMINISTRATOR_EMAIL, GRANTING_ADMINISTRATOR } from '../approvals/rules.js';
import { requireAdministrator } from '../authorize.js';
import { PLATFORMS, type Actor, type ServiceDeps } from '../context.js';
import { runQuery } from '../run.js';
import { matchHeader } from './columns.js';
import { errorsOf, toPreviewDto, type ImportPreviewDto } from './dto.js';
import { accountSites, usersForRows } from './known.js';
import { parseCsv, type CsvRecord, type CsvSource } from './parse.js';
import { administratorChangeOf, changesNothing, planRow, targetOf } from './plan.js';
import { rowInput, type ImportRowInput } from './row-input.js';

/** How long a preview can be confirmed. */
export const IMPORT_PREVIEW_TTL_MS = 24 * 3_600_000;
/** Rows per insert statement when a preview is stored. */
const ROWS_PER_INSERT = 500;

export const originInput = z.object({
  platform: z.enum(PLATFORMS),
  channel: z.string().max(200).optional(),
  extra: z.record(z.string(), z.string()).optional(),
});

export const prepareImportInput = z.object({
  fileName: z.string().trim().min(1, 'Give the file name').max(255, 'The file name is too long'),
  content: z.custom<CsvSource>(
    (value) => typeof value === 'string' || Buffer.isBuffer(value) || value instanceof Readable,
    { error: 'Give the file: its text, its bytes or a stream' },
  ),
  origin: originInput,
});

/** One record of the file as checked: its validated input and what it would do, or its problems. */
interface CheckedRow {
  record: CsvRecord;
  input: ImportRowInput | null;
  errors: ImportRowError[];
  action: 'add' | 'update' | null;
  unchanged: boolean;
  administrator: boolean;
  administratorEmail: boolean;
}

/** Every record checked on its own with `user add`'s schema. */
function checkRecords(columns: ReturnType<typeof matchHeader>['columns'], records: CsvRecord[]): CheckedRow[] {
  return records.map((record) => {
    const { input, errors } = rowInput(columns, record.cells);
    return { record, input, errors, action: null, unchanged: false, administrator: false, administratorEmail: false };
  });
}

/** A User ID or email a second time in the file is an error, naming the line that had it first. */
function checkDuplicates(rows: CheckedRow[]): void {
  const ids = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const row of rows) {
    if (!row.input) continue;
    const { userId, email } = row.input.user;
    const firstId = ids.get(userIdKey(userId));
    const firstEmail = emails.get(emailKey(email));
    if (firstId !== undefined) {
      row.errors.push({
        column: 'User ID',
        message: `User ID ${userId} is also on line ${firstId}; give each user once.`,
      });
    }
    if (firstEmail !== undefined) {
      row.errors.push({
        column: 'Email',
        message: `Email ${email} is also on line ${firstEmail}; each user needs their own email.`,
      });
    }
    if (firstId === undefined) ids.set(userIdKey(userId), row.record.line);
    if (firstEmail === undefined) emails.set(emailKey(email), row.record.line);
  }
  for (const row of rows) if (row.errors.length > 0) row.input = null;
}

/** Each valid row judged against the account: add or update, and what it would change. */
async function checkAgainstAccount(em: EntityManager, account: Account, rows: CheckedRow[]): Promise<void> {
  const valid = rows.filter((r) => r.input);
  const known = await usersForRows(
    em,
    account,
    valid.map((r) => r.input!),
  );
  const sites = await accountSites(em, account);
  const demoting: CheckedRow[] = [];
  let newAdministrators = 0;
  for (const row of valid) {
    const target = targetOf(row.input!, known);
    const planned = 'error' in target ? target : planRow(row.input!, target.current, sites, account);
    if ('error' in planned) {
      row.errors.push(planned.error);
      row.input = null;
      continue;
    }
    const current = 'current' in target ? target.current : null;
    row.action = current ? 'update' : 'add';
    row.unchanged = current !== null && changesNothing(planned.user, current);
    const administratorChange = administratorChangeOf(planned.user, current);
    if (administratorChange) row.input!.administratorChange = administratorChange;
    row.administrator = administratorChange === GRANTING_ADMINISTRATOR;
    row.administratorEmail = administratorChange === CHANGING_ADMINISTRATOR_EMAIL;
    if (row.administrator) newAdministrators += 1;
    if (current?.administrator && current.state === 'enabled' && !planned.user.permissions.administrator) {
      demoting.push(row);
    }
  }
  if (demoting.length === 0) return;
  const enabled = await em.count(PortalUser, { account, administrator: true, state: 'enabled' });
  if (enabled - demoting.length + newAdministrators > 0) return;
  for (const row of demoting) {
    row.errors.push({
      column: 'Administrator',
      message: `This would leave ${account.name} without an enabled Administrator; keep ${row.input!.user.userId} an Administrator or make another user one.`,
    });
    row.input = null;
    row.action = null;
  }
}

function rowEntity(batch: ImportBatch, row: CheckedRow): RequiredEntityData<ImportRow> {
  return {
    id: new ImportRow().id,
    batch: batch.id,
    line: row.record.line,
    action: row.input ? row.action : null,
    state: row.input ? 'pending' : 'invalid',
    cells: row.record.cells,
    input: row.input as unknown as Record<string, unknown> | null,
    errors: row.input ? null : row.errors,
  };
}

/** The batch and its rows, in one transaction. */
async function store(em: EntityManager, batch: ImportBatch, rows: CheckedRow[]): Promise<void> {
  await em.transactional(async (tx) => {
    tx.persist(batch);
    await tx.flush();
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await tx.insertMany(
        ImportRow,
        rows.slice(i, i + ROWS_PER_INSERT).map((row) => rowEntity(batch, row)),
      );
    }
  });
}

/**
 * Reads and checks a CSV of users, and stores it as an import batch in state `preview` with
 * every row; changes nothing else. Each row is checked with `user add`'s schema (its messages are
 * the form's), then against the file (a User ID or email twice) and the account: an existing
 * User ID is an update (profile, permissions, sites), a deleted user's is reserved, an email
 * must not be another user's, sites must exist. Administrators only. Confirmed by the
 * `users.import` operation (operations.ts).
 */
export async function prepareImport(
  deps: ServiceDeps,
  actor: Actor,
  input: { fileName: string; content: CsvSource; origin: ImportOrigin },
): Promise<ImportPreviewDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'users.import.prepare',
      schema: prepareImportInput,
      async run(data, { em, actor: requester, account, now }) {
        requireAdministrator(requester, 'import users');
        const csv = await parseCsv(data.content);
        const header = matchHeader(csv.header);
        const rows = checkRecords(header.columns, csv.records);
        if (header.errors.length > 0) {
          const notChecked = { column: null, message: 'Not checked: the header (line 1) is wrong; fix it first.' };
          for (const row of rows) Object.assign(row, { input: null, errors: [notChecked] });
        } else {
          checkDuplicates(rows);
          await checkAgainstAccount(em, account, rows);
        }
        const valid = rows.filter((r) => r.input);
        const batch = Object.assign(new ImportBatch(), {
          account,
          requester,
          platform: actor.platform,
          origin: data.origin,
          fileName: data.fileName,
          header: csv.header,
          total: rows.length,
          toAdd: valid.filter((r) => r.action === 'add').length,
          toUpdate: valid.filter((r) => r.action === 'update').length,
          invalid: rows.length - valid.length,
          sendsEmails: valid.filter((r) => r.action === 'add' && r.input!.user.sendSetupEmail).length,
          administrators: valid.filter((r) => r.administrator).length,
          administratorEmails: valid.filter((r) => r.administratorEmail).length,
          createdAt: now,
          expiresAt: new Date(now.getTime() + IMPORT_PREVIEW_TTL_MS),
        });
        await store(em, batch, rows);
        const errors = [
          ...header.errors.map((e) => ({ line: 1, column: e.column, message: e.message })),
          ...(header.errors.length > 0 ? [] : errorsOf(rows.map((r) => ({ line: r.record.line, errors: r.errors })))),
        ];
        return toPreviewDto(batch, errors, valid.filter((r) => r.unchanged).length);
      },
    },
    input,
  );
}
