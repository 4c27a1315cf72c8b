import { ApprovalEvents } from '../../../src/services/approvals/events.js';
import { ReviewEvents } from '../../../src/services/reviews/events.js';
import { ImportEvents } from '../../../src/services/imports/events.js';
/**
 * A Switchboard mail worker in a process of its own, for the crash test: connects to the database
 * in argv, runs one round of the real MailWorker against SMTP_URL, prints how it ended.
 *   node --import tsx worker-process.ts DATABASE_JSON SMTP_URL NOW MAIL_FROM
 * NOW is the test's clock (ISO time), so that the test's messages are due here too.
 */
import { openDatabase } from '../../../src/db/orm.js';
import { createLogger } from '../../../src/lib/logger.js';
import { MailWorker } from '../../../src/mail/outbox-worker.js';
import { smtpTransport } from '../../../src/mail/transport.js';
import type { ServiceDeps } from '../../../src/services/context.js';

const [databaseJson, smtpUrl, now, mailFrom] = process.argv.slice(2);
const orm = await openDatabase(JSON.parse(databaseJson!), { migrate: false });
const deps: ServiceDeps = {
  orm,
  clock: { now: () => new Date(now!) },
  logger: createLogger('silent'),
  approvalEvents: new ApprovalEvents(createLogger('silent')),
  reviewEvents: new ReviewEvents(createLogger('silent')),
  importEvents: new ImportEvents(createLogger('silent')),
  settings: { inviteTtlMs: 7 * 86_400_000, resetTtlMs: 43_200_000, publicBaseUrl: 'https://switchboard.test' },
};
const worker = new MailWorker(deps, {
  transport: smtpTransport(smtpUrl!),
  from: mailFrom!,
  workerId: 'doomed-worker',
  leaseMs: 300_000,
  sendTimeoutMs: 60_000,
});
process.stdout.write('started\n');
const summary = await worker.runOnce();
process.stdout.write(`${JSON.stringify(summary)}\n`);
await orm.close(true);
