/**
 * A second Switchboard process for the grant tests: connects to the database in argv, says
 * "ready", waits for "go", ends the grants that are due as of NOW and prints their ids as JSON.
 *   node --import tsx sweep.ts DATABASE_JSON NOW
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../src/db/orm.js';
import { createLogger } from '../../../src/lib/logger.js';
import { ApprovalEvents } from '../../../src/services/approvals/events.js';
import { ReviewEvents } from '../../../src/services/reviews/events.js';
import { ImportEvents } from '../../../src/services/imports/events.js';
import type { ServiceDeps } from '../../../src/services/context.js';
import { endDueGrants } from '../../../src/services/grants/end.js';

const [databaseJson, now] = process.argv.slice(2);
const orm = await openDatabase(JSON.parse(databaseJson!), { migrate: false });
const deps: ServiceDeps = {
  orm,
  clock: { now: () => new Date(now!) },
  logger: createLogger('silent'),
  approvalEvents: new ApprovalEvents(createLogger('silent')),
  reviewEvents: new ReviewEvents(createLogger('silent')),
  importEvents: new ImportEvents(createLogger('silent')),
  settings: { inviteTtlMs: 86_400_000, resetTtlMs: 3_600_000, publicBaseUrl: 'http://localhost' },
};
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
process.stdin.destroy();
const ended = (await Promise.all([endDueGrants(deps), endDueGrants(deps), endDueGrants(deps)])).flat();
process.stdout.write(`${JSON.stringify(ended.map((g) => g.id))}\n`);
await orm.close(true);
