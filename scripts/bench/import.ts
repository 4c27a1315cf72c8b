/**
 * The import benchmark: `users import` of N rows (half asking for the setup email) into a fresh
 * SQLite database (WAL, as the server runs it), through the services as the commands use them:
 * the preview (parse and check every row), the confirmation, then the runner's chunks to the end,
 * every row with its audit event and every setup email in the outbox. Timed, never asserted.
 */
import type { MikroORM } from '@mikro-orm/core';
import { join } from 'node:path';
import { firstAdministrator, loadDemoData } from '../../src/app/demo-data.js';
import { ImportRunner } from '../../src/app/import-runner.js';
import { openDatabase } from '../../src/db/orm.js';
import { createLogger } from '../../src/lib/logger.js';
import { ApprovalEvents } from '../../src/services/approvals/events.js';
import { systemClock, type ServiceDeps } from '../../src/services/context.js';
import { ImportEvents } from '../../src/services/imports/events.js';
import { importUsers } from '../../src/services/imports/operations.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { importStatus } from '../../src/services/imports/query.js';
import { ReviewEvents } from '../../src/services/reviews/events.js';

export interface ImportBench {
  rows: number;
  /** Parse, check and store the preview. */
  previewMs: number;
  /** From the confirmation to the import's end. */
  importMs: number;
  rowsPerSecond: number;
  added: number;
  failed: number;
}

/** A CSV of `rows` new users with the columns of `users export`. */
export function benchCsv(rows: number): string {
  const lines = ['User ID,First Name,Last Name,Email,Phone,Role,Send Setup Email'];
  for (let i = 1; i <= rows; i++) {
    const id = `imp${String(i).padStart(6, '0')}`;
    const phone = `+1703555${String(i % 10_000).padStart(4, '0')}`;
    lines.push(`${id},First ${i},"Last, ${i}",${id}@import.example.com,${phone},regular,${i % 2 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** What the services need, as an in-process measurement gives it: a silent log, the real clock. */
export function benchDeps(orm: MikroORM): ServiceDeps {
  const logger = createLogger('silent');
  return {
    orm,
    clock: systemClock,
    logger,
    approvalEvents: new ApprovalEvents(logger),
    reviewEvents: new ReviewEvents(logger),
    importEvents: new ImportEvents(logger),
    settings: { inviteTtlMs: 86_400_000, resetTtlMs: 3_600_000, publicBaseUrl: 'http://localhost' },
  };
}

export async function benchImport(dir: string, rows: number): Promise<ImportBench> {
  const orm = await openDatabase({ driver: 'sqlite', path: join(dir, 'import.db') });
  const deps = benchDeps(orm);
  try {
    await loadDemoData(orm);
    const admin = (await firstAdministrator(orm))!;
    const actor = { userId: admin.id, platform: 'console' as const };
    const started = performance.now();
    const preview = await prepareImport(deps, actor, {
      fileName: 'bench.csv',
      content: benchCsv(rows),
      origin: { platform: 'console' },
    });
    const previewMs = performance.now() - started;
    const confirmedAt = performance.now();
    await importUsers(deps, actor, { batch: preview.id, rows: preview.toAdd + preview.toUpdate });
    await new ImportRunner(deps, deps.logger).runOnce();
    const importMs = performance.now() - confirmedAt;
    const done = await importStatus(deps, actor, preview.id);
    if (done.state !== 'done') throw new Error(`the import ended ${done.state}: ${done.reason ?? ''}`);
    return {
      rows,
      previewMs,
      importMs,
      rowsPerSecond: (1000 * rows) / importMs,
      added: done.added,
      failed: done.failed,
    };
  } finally {
    await orm.close(true);
  }
}
