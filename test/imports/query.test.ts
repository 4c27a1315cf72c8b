import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgressDto } from '../../src/domain/dto/import-dto.js';
import { ImportBatch } from '../../src/domain/entities/import-batch.js';
import { ImportRow } from '../../src/domain/entities/import-row.js';
import { confirmImport } from '../../src/services/imports/confirm.js';
import { purgeUnconfirmedImports } from '../../src/services/imports/purge.js';
import { parseCsv } from '../../src/services/imports/parse.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import {
  cancelImport,
  failedRowsCsv,
  importStatus,
  listImports,
  recordImportMessage,
} from '../../src/services/imports/query.js';
import { addActor, DAY, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { HEADER, testRunner } from './support/csv.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const origin = { platform: 'teams' as const, channel: 'conv-1', extra: { serviceUrl: 'https://smba.example' } };
const CSV = [
  HEADER,
  'amy,Amy,Adams,amy@example.com,+17035550101,regular,,no',
  'bob,"Bob, Jr.",Brown,bob-at-example,+17035550102,,,no',
  'cat,Cat,Cole,cat@example.com,+17035550103,,,no',
].join('\n');

describe('users import: status, list, cancel, progress message, failed rows', () => {
  it('follows an import from preview to done, publishing its progress with where it was asked', async () => {
    const acc = await newAccount(sb);
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'people.csv', content: CSV, origin });
    expect(await recordImportMessage(sb.deps, preview.id, 'teams:conv-1:activity-9')).toBe(true);
    expect(await recordImportMessage(sb.deps, preview.id, 'teams:conv-1:activity-10')).toBe(false);
    expect(await importStatus(sb.deps, acc.actor, preview.id)).toMatchObject({
      state: 'preview',
      total: 2,
      invalid: 1,
      messageRef: 'teams:conv-1:activity-9',
    });
    const published: ImportProgressDto[] = [];
    const stop = sb.deps.importEvents.subscribe(async (p) => void published.push(...p));
    // Someone takes the User ID cat between the preview and the run.
    await addActor(sb, acc, { userId: 'cat', email: 'other-cat@example.com' }, 'regular');
    await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 2 });
    await testRunner(sb.deps).runOnce();
    stop();
    const mine = published.filter((p) => p.id === preview.id);
    expect(mine.at(-1)).toMatchObject({
      accountId: acc.account.id,
      platform: 'slack',
      origin,
      messageRef: 'teams:conv-1:activity-9',
      requester: acc.admin.id,
      fileName: 'people.csv',
      state: 'done',
      total: 2,
      done: 2,
      added: 1,
      failed: 1,
    });
    const list = await listImports(sb.deps, acc.actor);
    expect(list.map((b) => [b.id, b.state])).toEqual([[preview.id, 'done']]);

    const failed = await failedRowsCsv(sb.deps, acc.actor, preview.id);
    const minute = (at: Date) => at.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
    expect(failed).toMatchObject({ fileName: `people-failed-${minute(sb.clock.now())}-UTC.csv`, count: 2 });
    const parsed = await parseCsv(failed.csv);
    expect(parsed.header).toEqual([...HEADER.split(','), 'Line', 'Error']);
    expect(parsed.records.map((r) => r.cells)).toEqual([
      [
        'bob',
        'Bob, Jr.',
        'Brown',
        'bob-at-example',
        '+17035550102',
        '',
        '',
        'no',
        '3',
        'Email: Email is not a valid address; use the form name@example.com',
      ],
      [
        'cat',
        'Cat',
        'Cole',
        'cat@example.com',
        '+17035550103',
        '',
        '',
        'no',
        '4',
        'User ID: User ID cat was taken by someone else after the preview; this row was not imported.',
      ],
    ]);
    // Fixed, the file of failed rows imports as it is (Line and Error are ignored).
    const again = await prepareImport(sb.deps, acc.actor, {
      fileName: failed.fileName,
      content: failed.csv.replace('bob-at-example', 'bob@example.com').replace(/^cat,/m, 'cat2,'),
      origin,
    });
    expect(again).toMatchObject({ toAdd: 2, invalid: 0, errors: [] });
    // Its own failed rows, a minute later, get a name of their own, not `people-failed-…-failed-….csv`.
    sb.clock.advance(60_000);
    const refailed = await failedRowsCsv(sb.deps, acc.actor, again.id);
    expect(refailed.fileName).toBe(`people-failed-${minute(sb.clock.now())}-UTC.csv`);
    expect(refailed.fileName).not.toBe(failed.fileName);
  });

  it('cancels a preview only, and refuses a cancelled, expired or unknown one, saying why', async () => {
    const acc = await newAccount(sb);
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'c.csv', content: CSV, origin });
    expect(await cancelImport(sb.deps, acc.actor, preview.id)).toMatchObject({ state: 'cancelled' });
    await expect(cancelImport(sb.deps, acc.actor, preview.id)).rejects.toMatchObject({
      code: 'IMPORT.NOT_IN_PREVIEW',
      message: 'The import of c.csv was cancelled; upload the file again to import it.',
    });
    await expect(confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 2 })).rejects.toMatchObject({
      code: 'IMPORT.NOT_IN_PREVIEW',
    });
    const late = await prepareImport(sb.deps, acc.actor, { fileName: 'late.csv', content: CSV, origin });
    sb.clock.advance(DAY + 1);
    await expect(confirmImport(sb.deps, acc.actor, { batch: late.id, rows: 2 })).rejects.toMatchObject({
      code: 'IMPORT.EXPIRED',
      message: 'The import of late.csv expired: a preview can be confirmed for 24 hours. Upload the file again.',
    });
    const other = await newAccount(sb);
    await expect(importStatus(sb.deps, other.actor, preview.id)).rejects.toMatchObject({ code: 'IMPORT.NOT_FOUND' });
    // A week on, both are deleted with their rows; confirmed imports stay.
    sb.clock.advance(7 * DAY);
    expect(await purgeUnconfirmedImports(sb.deps)).toBeGreaterThanOrEqual(2);
    const em = sb.orm.em.fork();
    expect(await em.count(ImportBatch, { id: { $in: [preview.id, late.id] } })).toBe(0);
    expect(await em.count(ImportRow, { batch: { $in: [preview.id, late.id] } })).toBe(0);
    expect(await em.count(ImportBatch, { state: 'done' })).toBeGreaterThan(0);
  });
});
