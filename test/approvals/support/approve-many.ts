import { ApprovalEvents } from '../../../src/services/approvals/events.js';
import { ReviewEvents } from '../../../src/services/reviews/events.js';
import { ImportEvents } from '../../../src/services/imports/events.js';
/**
 * A second Switchboard process for the concurrency test: connects to the database given in
 * argv, says "ready", waits for "go" on stdin, then sends COUNT simultaneous approvals of
 * each request named (one id, or several separated by commas), all at once, and prints how
 * each ended, as JSON, request by request.
 *   node --import tsx approve-many.ts DATABASE_JSON REQUEST_IDS APPROVER_ID COUNT NOW
 * NOW is the test's clock (ISO time), so that the request is as fresh here as it is in the test.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '../../../src/db/orm.js';
import { createLogger } from '../../../src/lib/logger.js';
import { decideApproval } from '../../../src/services/approvals/index.js';
import type { ServiceDeps } from '../../../src/services/context.js';

const [databaseJson, requestIds, approverId, count, now] = process.argv.slice(2);
const clock = { now: () => new Date(now!) };
const orm = await openDatabase(JSON.parse(databaseJson!), { migrate: false });
const deps: ServiceDeps = {
  orm,
  clock,
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
const approvals = requestIds!.split(',').flatMap((request) => Array.from({ length: Number(count) }, () => request));
const outcomes = await Promise.all(
  approvals.map((request) =>
    decideApproval(deps, { userId: approverId!, platform: 'slack' }, { request, decision: 'approve' }).then(
      (outcome) => outcome.kind,
      (error: Error) => `error: ${error.message}`,
    ),
  ),
);
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
await orm.close(true);
