import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ImportBatch } from '../../src/domain/entities/import-batch.js';
import { ImportRow } from '../../src/domain/entities/import-row.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { ImportRunner } from '../../src/app/import-runner.js';
import { createLogger } from '../../src/lib/logger.js';
import { importUsers } from '../../src/services/imports/operations.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { testRunner, usersCsv } from './support/csv.js';

const script = fileURLToPath(new URL('./support/run-import.ts', import.meta.url));
const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const LEASE_MS = 60_000;

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function queued(acc: TestAccount, rows: number): Promise<string> {
  const preview = await prepareImport(sb.deps, acc.actor, {
    fileName: 'crash.csv',
    content: usersCsv(rows),
    origin: { platform: 'slack' },
  });
  await importUsers(sb.deps, acc.actor, { batch: preview.id, rows });
  return preview.id;
}

/** Everything the import wrote, counted: a duplicate anywhere shows. */
async function counts(acc: TestAccount, batch: string) {
  const em = sb.orm.em.fork();
  const account = acc.account.id;
  return {
    users: await em.count(PortalUser, { account }),
    audits: await em.count(AuditEvent, { accountId: account, action: 'user.add' }),
    emails: await em.count(OutboxMessage, { accountId: account }),
    pending: await em.count(ImportRow, { batch, state: 'pending' }),
    batch: await em.findOneOrFail(ImportBatch, { id: batch }),
  };
}

describe('an import survives a crash', () => {
  it('a runner that dies between chunks leaves them committed; another resumes once the lease lapses', async () => {
    const acc = await newAccount(sb);
    const batch = await queued(acc, 1_000);
    let chunks = 0;
    const dying = new ImportRunner(sb.deps, createLogger('silent'), {
      chunkSize: 150,
      leaseMs: LEASE_MS,
      afterChunk: () => {
        if (++chunks === 3) throw new Error('the process died');
      },
    });
    await expect(dying.runOnce()).rejects.toThrow('the process died');
    const mid = await counts(acc, batch);
    expect(mid).toMatchObject({ users: 451, audits: 450, emails: 225, pending: 550 });
    expect(mid.batch).toMatchObject({ state: 'running', done: 450 });
    expect(await testRunner(sb.deps).runOnce()).toEqual([]);
    sb.clock.advance(LEASE_MS + 1);
    const [ended] = await testRunner(sb.deps, 200).runOnce();
    expect(ended).toMatchObject({ state: 'done', done: 1_000, added: 1_000, failed: 0 });
    expect(await counts(acc, batch)).toMatchObject({ users: 1_001, audits: 1_000, emails: 500, pending: 0 });
  });

  describe.runIf(onPostgres)('across processes (PostgreSQL)', () => {
    it('a runner process killed (SIGKILL) after some chunks; a second one finishes with no duplicates', async () => {
      const acc = await newAccount(sb);
      const batch = await queued(acc, 2_000);
      const args = [JSON.stringify(sb.database), sb.clock.now().toISOString(), '100', '4'];
      const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stderr.on('data', (chunk) => (err += String(chunk)));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
        child.on('exit', (code, signal) => resolve(signal ?? code)),
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          out += String(chunk);
          if (out.includes('chunk 4\n')) resolve();
        });
        void exited.then(() => reject(new Error(`the runner process ended early: ${err.slice(-500)}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const mid = await counts(acc, batch);
      expect(mid).toMatchObject({ users: 401, audits: 400, emails: 200, pending: 1_600 });
      expect(mid.batch).toMatchObject({ state: 'running', done: 400 });
      // Its lease still holds: nobody else takes the batch until it lapses.
      expect(await testRunner(sb.deps).runOnce()).toEqual([]);
      sb.clock.advance(LEASE_MS + 1);
      const [ended] = await testRunner(sb.deps).runOnce();
      expect(ended).toMatchObject({ state: 'done', done: 2_000, added: 2_000, failed: 0 });
      expect(await counts(acc, batch)).toMatchObject({ users: 2_001, audits: 2_000, emails: 1_000, pending: 0 });
    }, 120_000);
  });
});
