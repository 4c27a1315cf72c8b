/**
 * `user add` through the services, in process: the operation as a submitted form carries it out
 * (`submitOperation`: the approval policy's check, validation, one transaction with the user, its
 * audit event, setup link and setup email), on a copy of the benchmark's database, with no HTTP,
 * no chat platform, no once-only claim and no confirmation. Beside the `slack user add` scenario
 * it tells what the change itself costs and what the server spends around it. Timed, never asserted.
 */
import { firstAdministrator } from '../../src/app/demo-data.js';
import { openDatabase } from '../../src/db/orm.js';
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

export async function benchAddsInProcess(
  path: string,
  options: { adds: number; warmup: number; concurrency: number },
): Promise<AddsInProcess> {
  const { adds, warmup, concurrency } = options;
  const orm = await openDatabase({ driver: 'sqlite', path });
  let cpuMs: number;
  let mainMs: number;
  let wallMs: number;
  try {
    const deps = benchDeps(orm);
    const admin = await firstAdministrator(orm);
    if (!admin) throw new Error(`no Administrator in ${path} to add users as`);
    const actor: Actor = { userId: admin.id, platform: 'slack' };
    await addUsers(deps, actor, 'warm', warmup, concurrency);
    const cpu = process.cpuUsage();
    const main = process.threadCpuUsage();
    const started = performance.now();
    await addUsers(deps, actor, IN_PROCESS_PREFIX, adds, concurrency);
    wallMs = performance.now() - started;
    // The main thread's time read inside the whole process's: it can be no more than that.
    const usedByMain = process.threadCpuUsage(main);
    const used = process.cpuUsage(cpu);
    cpuMs = (used.user + used.system) / 1000;
    mainMs = (usedByMain.user + usedByMain.system) / 1000;
  } finally {
    await orm.close(true);
  }
  const ledger = readLedger(path, IN_PROCESS_PREFIX, { answered: adds, submitted: adds, replays: 0, held: 0 });
  return {
    adds,
    concurrency,
    cpuMsPerAdd: cpuMs / adds,
    mainThreadMsPerAdd: mainMs / adds,
    wallMsPerAdd: wallMs / adds,
    ledger,
  };
}
