/**
 * `user add` through the services, in process: the operation as a submitted form carries it out
 * (`submitOperation`: the approval policy's check, validation, one transaction with the user, its
 * audit event, setup link and setup email), on a copy of the benchmark's database, with no HTTP,
 * no chat platform, no once-only claim and no confirmation. Beside the `slack user add` scenario
 * it tells what the change itself costs and what the server spends around it. Then the mail worker
 * sends their setup emails (as .eml files, Switchboard's default), timed apart: what each email
 * costs the server after the acknowledgement. Timed, never asserted.
 */
import { dirname, join } from 'node:path';
import { firstAdministrator } from '../../src/app/demo-data.js';
import { openDatabase } from '../../src/db/orm.js';
import { MailWorker } from '../../src/mail/outbox-worker.js';
import { emlFileTransport } from '../../src/mail/transport.js';
import type { Actor, ServiceDeps } from '../../src/services/context.js';
import { submitOperation } from '../../src/services/approvals/hold.js';
import { benchDeps } from './import.js';
import { readLedger, type Ledger } from './ledger.js';
import { addedUser } from './scenarios.js';

export interface AddsInProcess {
  adds: number;
  concurrency: number;
  /** The benchmark process's CPU time (all its threads) per add, and the time per add. */
  cpuMsPerAdd: number;
  /** Its main thread's CPU time per add: what the server's main thread spends on the change alone. */
  mainThreadMsPerAdd: number;
  wallMsPerAdd: number;
  /** The emails the mail worker then sent, and its CPU time (all threads, main thread) per email. */
  emails: { sent: number; cpuMsPerEmail: number; mainThreadMsPerEmail: number };
  /** What the measured adds left in the database: each its user, audit event, link and email. */
  ledger: Ledger;
}

/** Its name, for `--only`. */
export const ADDS_IN_PROCESS = 'user add in process';

/** User IDs of the measured adds (the warm-up's start with `warm`). */
export const IN_PROCESS_PREFIX = 'inproc';

/** `count` adds, `concurrency` at a time, each of which must be carried out (not held, not refused). */
async function addUsers(deps: ServiceDeps, actor: Actor, prefix: string, count: number, concurrency: number) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const outcome = await submitOperation(deps, actor, {
        name: 'user.add',
        input: addedUser(`${prefix}${n}`, n, 'regular'),
      });
      if (outcome.kind !== 'done') throw new Error(`user add ${prefix}${n} was ${outcome.kind}, not carried out`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** CPU time (all threads, main thread) in ms spent by `work`, and what it returned. */
async function timed<T>(work: () => Promise<T>): Promise<{ cpuMs: number; mainMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const main = process.threadCpuUsage();
  const value = await work();
  // The main thread's time read inside the whole process's: it can be no more than that.
  const usedByMain = process.threadCpuUsage(main);
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, mainMs: (usedByMain.user + usedByMain.system) / 1000, value };
}

/** Rounds of the mail worker until nothing is due; how many emails it sent. */
async function sendAll(worker: MailWorker): Promise<number> {
  let sent = 0;
  for (;;) {
    const round = await worker.runOnce();
    sent += round.sent;
    if (round.claimed === 0) return sent;
  }
}

export async function benchAddsInProcess(
  path: string,
  options: { adds: number; warmup: number; concurrency: number },
): Promise<AddsInProcess> {
  const { adds, warmup, concurrency } = options;
  const orm = await openDatabase({ driver: 'sqlite', path });
  let wallMs: number;
  let added: { cpuMs: number; mainMs: number };
  let mailed: { cpuMs: number; mainMs: number; value: number };
  try {
    const deps = benchDeps(orm);
    const admin = await firstAdministrator(orm);
    if (!admin) throw new Error(`no Administrator in ${path} to add users as`);
    const actor: Actor = { userId: admin.id, platform: 'slack' };
    const outbox = emlFileTransport(join(dirname(path), 'in-process-outbox'), deps.logger);
    const worker = new MailWorker(deps, { transport: outbox, from: 'Bench Portal <portal@bench.example.com>' });
    await addUsers(deps, actor, 'warm', warmup, concurrency);
    await sendAll(worker);
    const started = performance.now();
    added = await timed(() => addUsers(deps, actor, IN_PROCESS_PREFIX, adds, concurrency));
    wallMs = performance.now() - started;
    mailed = await timed(() => sendAll(worker));
    outbox.close();
  } finally {
    await orm.close(true);
  }
  const ledger = readLedger(path, IN_PROCESS_PREFIX, { answered: adds, submitted: adds, replays: 0, held: 0 });
  return {
    adds,
    concurrency,
    cpuMsPerAdd: added.cpuMs / adds,
    mainThreadMsPerAdd: added.mainMs / adds,
    wallMsPerAdd: wallMs / adds,
    emails: {
      sent: mailed.value,
      cpuMsPerEmail: mailed.cpuMs / Math.max(mailed.value, 1),
      mainThreadMsPerEmail: mailed.mainMs / Math.max(mailed.value, 1),
    },
    ledger,
  };
}
