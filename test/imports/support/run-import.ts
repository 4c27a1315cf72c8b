/**
 * A second Switchboard process for the crash test: connects to the database given in argv, runs
 * an import runner with small chunks, prints "chunk N" after each chunk commits, and after STOP
 * chunks hangs, to be killed (SIGKILL) by the test.
 *   node --import tsx run-import.ts DATABASE_JSON NOW CHUNK_SIZE STOP
 * NOW is the test's clock (ISO time), so that the lease is as the test sees it.
 */
import { ImportRunner } from '../../../src/app/import-runner.js';
import { openDatabase } from '../../../src/db/orm.js';
import { createLogger } from '../../../src/lib/logger.js';
import { ApprovalEvents } from '../../../src/services/approvals/events.js';
import type { ServiceDeps } from '../../../src/services/context.js';
import { ImportEvents } from '../../../src/services/imports/events.js';
import { ReviewEvents } from '../../../src/services/reviews/events.js';

const [databaseJson, now, chunkSize, stop] = process.argv.slice(2);
const orm = await openDatabase(JSON.parse(databaseJson!), { migrate: false });
const silent = createLogger('silent');
const deps: ServiceDeps = {
  orm,
  clock: { now: () => new Date(now!) },
  logger: silent,
  approvalEvents: new ApprovalEvents(silent),
  importEvents: new ImportEvents(silent),
  reviewEvents: new ReviewEvents(silent),
  settings: { inviteTtlMs: 86_400_000, resetTtlMs: 3_600_000, publicBaseUrl: 'http://localhost' },
};
let chunks = 0;
const runner = new ImportRunner(deps, silent, {
  chunkSize: Number(chunkSize),
  leaseMs: 60_000,
  async afterChunk() {
    chunks += 1;
    process.stdout.write(`chunk ${chunks}\n`);
    if (chunks >= Number(stop)) await new Promise(() => undefined);
  },
});
process.stdout.write('ready\n');
await runner.runOnce();
