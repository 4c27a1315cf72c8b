import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ImportBatch } from '../../src/domain/entities/import-batch.js';
import { ImportRow } from '../../src/domain/entities/import-row.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { decideApproval } from '../../src/services/approvals/index.js';
import { confirmImport } from '../../src/services/imports/confirm.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { importStatus } from '../../src/services/imports/query.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { HEADER, testRunner, usersCsv } from './support/csv.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const origin = { platform: 'slack' as const, channel: 'D1' };

describe('users import: confirm and run', () => {
  it('10,000 rows: held as one approval request, approved, then imported with an audit event and email each', async () => {
    const acc = await newAccount(sb);
    const { actor: approver } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    let started = Date.now();
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'big.csv', content: usersCsv(10_000), origin });
    const prepareMs = Date.now() - started;
    expect(preview).toMatchObject({ total: 10_000, toAdd: 10_000, invalid: 0, sendsEmails: 5_000, errors: [] });
    const held = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 10_000 });
    if (held.kind !== 'held') throw new Error('an import of 10,000 users must wait for approval');
    expect(held.approval.reason).toBe('a change to many users at once');
    const decided = await decideApproval(sb.deps, approver, { request: held.approval.id, decision: 'approve' });
    expect(decided.approval.state).toBe('executed');
    const published: string[] = [];
    sb.deps.importEvents.subscribe(async (p) => void published.push(...p.map((x) => `${x.state} ${x.done}`)));
    started = Date.now();
    const [ended] = await testRunner(sb.deps).runOnce();
    const runMs = Date.now() - started;
    console.log(
      `import of 10,000 rows: prepare ${prepareMs} ms, run ${runMs} ms (${Math.round(10_000_000 / runMs)} rows/s)`,
    );
    expect(ended).toMatchObject({ state: 'done', total: 10_000, done: 10_000, added: 10_000, failed: 0 });
    expect(published.at(-1)).toBe('done 10000');
    const em = sb.orm.em.fork();
    const account = acc.account.id;
    expect(await em.count(PortalUser, { account, state: 'enabled' })).toBe(10_002);
    expect(await em.count(AuditEvent, { accountId: account, action: 'user.add', outcome: 'success' })).toBe(10_000);
    expect(await em.count(OutboxMessage, { accountId: account, kind: 'password-setup' })).toBe(5_000);
    const event = await em.findOneOrFail(AuditEvent, {
      accountId: account,
      action: 'user.add',
      targetName: 'user00042',
    });
    expect(event).toMatchObject({ actorId: acc.admin.id, platform: 'slack' });
    expect(event.after).toMatchObject({
      import: preview.id,
      email: 'user00042@example.com',
      setupEmail: true,
      role: 'regular',
    });
    const user = await em.findOneOrFail(PortalUser, { account, userIdKey: 'user00042' });
    expect(user).toMatchObject({ lastName: 'Last, 42', phone: '+17035551042', orders: 'manage', accessAllSites: true });
  }, 120_000);

  it('skips wrong rows, fails a row that became wrong after the preview, and updates existing users', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
    const csv = [
      HEADER,
      'rita,Rita,Reed,rita@example.com,+17035550100,regular,3418205,',
      'late,Late,Comer,late@example.com,+17035550101,,,no',
      'bad,Bad,Phone,bad@example.com,12,,,',
      'okay,Okay,Fine,okay@example.com,+17035550102,support,Little River,no',
    ].join('\n');
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'mixed.csv', content: csv, origin });
    expect(preview).toMatchObject({ toAdd: 2, toUpdate: 1, invalid: 1 });
    // Someone takes the User ID "late" between the preview and the run.
    await addActor(sb, acc, { userId: 'LATE', email: 'other@example.com' }, 'regular');
    const confirmed = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 3 });
    expect(confirmed).toMatchObject({ kind: 'done', result: { state: 'queued', rows: 3 } });
    const [ended] = await testRunner(sb.deps, 2).runOnce();
    expect(ended).toMatchObject({ state: 'done', done: 3, added: 1, updated: 1, failed: 1, invalid: 1 });
    const em = sb.orm.em.fork();
    const rita = await em.findOneOrFail(
      PortalUser,
      { account: acc.account.id, userIdKey: 'rita' },
      { populate: ['sites'] },
    );
    expect(rita).toMatchObject({ orders: 'manage', accessAllSites: false });
    expect(rita.sites.getItems().map((s) => s.accountNumber)).toEqual(['3418205']);
    const edit = await em.findOneOrFail(AuditEvent, { accountId: acc.account.id, action: 'user.edit' });
    expect(edit.before).toMatchObject({ role: 'read-only' });
    expect(edit.after).toMatchObject({ role: 'regular', sites: ['3418205'], import: preview.id });
    const late = await em.findOneOrFail(ImportRow, { batch: preview.id, line: 3 });
    expect(late).toMatchObject({ state: 'failed' });
    expect(late.errors).toEqual([
      {
        column: 'User ID',
        message: 'User ID late was taken by someone else after the preview; this row was not imported.',
      },
    ]);
    expect(await em.count(OutboxMessage, { accountId: acc.account.id })).toBe(0);
  });

  it('refuses a second confirmation, a wrong row count, another admin, and an import with nothing valid', async () => {
    const acc = await newAccount(sb);
    const { actor: other } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const csv = `${HEADER}\nnew1,New,One,new1@example.com,+17035550101,,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'one.csv', content: csv, origin });
    await expect(confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 5 })).rejects.toMatchObject({
      code: 'IMPORT.ROWS_MISMATCH',
      message: 'one.csv has 1 rows to import, not 5; confirm the preview as shown.',
    });
    await expect(confirmImport(sb.deps, other, { batch: preview.id, rows: 1 })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
    await expect(confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 })).rejects.toMatchObject({
      code: 'IMPORT.NOT_IN_PREVIEW',
      message: `The import of one.csv was confirmed already (it is queued); see its progress with its id ${preview.id}.`,
    });
    const bad = await prepareImport(sb.deps, acc.actor, {
      fileName: 'bad.csv',
      content: `${HEADER}\nx,,,,,,,\n`,
      origin,
    });
    await expect(confirmImport(sb.deps, acc.actor, { batch: bad.id, rows: 0 })).rejects.toMatchObject({
      code: 'IMPORT.NOTHING_TO_IMPORT',
    });
    const audited = await sb.orm.em.fork().count(AuditEvent, { accountId: acc.account.id, action: 'users.import' });
    expect(audited).toBe(5);
    expect(await sb.orm.em.fork().findOneOrFail(ImportBatch, { id: preview.id })).toMatchObject({ state: 'queued' });
  });

  it('a row that makes someone an Administrator holds the import for approval, however small', async () => {
    const acc = await newAccount(sb);
    const csv = `${HEADER}\nboss,Big,Boss,boss@example.com,+17035550101,admin,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'boss.csv', content: csv, origin });
    expect(preview.administrators).toBe(1);
    const held = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
    expect(held).toMatchObject({
      kind: 'held',
      approval: { reason: 'granting Administrator', operationName: 'users.import' },
    });
    const batch = await sb.orm.em.fork().findOneOrFail(ImportBatch, { id: preview.id });
    expect(batch.state).toBe('preview');
  });

  it('a started runner is woken by the confirmation and imports at once, not at its next poll', async () => {
    const acc = await newAccount(sb);
    const csv = `${HEADER}\nquick,Quick,Start,quick@example.com,+17035550101,,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'quick.csv', content: csv, origin });
    const runner = testRunner(sb.deps);
    runner.start();
    try {
      await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
      const deadline = Date.now() + 5_000;
      while ((await importStatus(sb.deps, acc.actor, preview.id)).state !== 'done' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await importStatus(sb.deps, acc.actor, preview.id)).toMatchObject({ state: 'done', added: 1 });
    } finally {
      await runner.stop();
    }
  });

  it('fails the whole import, saying why, when its requester is no longer an Administrator', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const csv = `${HEADER}\nlate2,Late,Two,late2@example.com,+17035550101,,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'demoted.csv', content: csv, origin });
    await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
    const em = sb.orm.em.fork();
    await em.nativeUpdate(PortalUser, { id: acc.admin.id }, { administrator: false });
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({
      state: 'failed',
      done: 0,
      reason: 'Ada Admin is no longer an enabled Administrator, so the import stopped',
    });
    expect(await em.count(PortalUser, { account: acc.account.id, userIdKey: 'late2' })).toBe(0);
  });
});
