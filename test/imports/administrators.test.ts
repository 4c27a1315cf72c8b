import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportBatch } from '../../src/domain/entities/import-batch.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { decideApproval } from '../../src/services/approvals/index.js';
import { confirmImport } from '../../src/services/imports/confirm.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { failedRowsCsv } from '../../src/services/imports/query.js';
import { importPreviewReply } from '../../views/replies/import-replies.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { HEADER, testRunner } from './support/csv.js';

/**
 * The approval policy's `administrators` rule holds an import as it holds `user permissions`
 * and `user edit`: a row that makes someone an Administrator, or changes an Administrator's
 * email (where their password links go). A row whose change to an Administrator came about after
 * the preview (the preview, and so the approval, did not show it) is not imported.
 */
let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const origin = { platform: 'slack' as const, channel: 'D1' };
const userOf = (userId: string) => sb.orm.em.fork().findOneOrFail(PortalUser, { userId });
const text = (reply: ReturnType<typeof importPreviewReply>) =>
  reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');

describe('users import: changes to Administrators wait for a second Administrator', () => {
  it("a row that changes an Administrator's email holds the import; approved, the email changes", async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'ann.admin', email: 'ann@example.com' });
    const { actor: approver } = await addActor(sb, acc, { userId: 'ben.admin', email: 'ben@example.com' });
    const csv = `${HEADER}\nann.admin,Test,User,ann@elsewhere.example,,,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'ann.csv', content: csv, origin });
    expect(preview).toMatchObject({ toUpdate: 1, administrators: 0, administratorEmails: 1, errors: [] });
    expect(text(importPreviewReply(preview))).toContain(
      "1 Administrator's email would change: a second Administrator approves.",
    );

    const held = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
    expect(held).toMatchObject({
      kind: 'held',
      approval: { reason: "changing an Administrator's email", operationName: 'users.import' },
    });
    if (held.kind !== 'held') return;
    expect(held.approval.changes).toContainEqual({ field: 'administratorEmails', before: null, after: '1' });
    expect((await userOf('ann.admin')).email).toBe('ann@example.com');

    const decided = await decideApproval(sb.deps, approver, { request: held.approval.id, decision: 'approve' });
    expect(decided.approval.state).toBe('executed');
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({ state: 'done', updated: 1, failed: 0 });
    expect((await userOf('ann.admin')).email).toBe('ann@elsewhere.example');
  });

  it('a row that re-promotes an Administrator demoted after the preview is not imported, and says why', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'cal.admin', email: 'cal@example.com' });
    // An export imported back: Cal is an Administrator, so the row changes nothing.
    const csv = `${HEADER}\ncal.admin,Test,User,cal@example.com,,admin,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'cal.csv', content: csv, origin });
    expect(preview).toMatchObject({ toUpdate: 1, unchanged: 1, administrators: 0, administratorEmails: 0 });
    await sb.orm.em.fork().nativeUpdate(PortalUser, { userId: 'cal.admin' }, { administrator: false });

    expect(await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 })).toMatchObject({ kind: 'done' });
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({ state: 'done', updated: 0, failed: 1 });
    expect((await userOf('cal.admin')).administrator).toBe(false);
    const failed = await failedRowsCsv(sb.deps, acc.actor, preview.id);
    expect(failed.csv).toContain(
      'Administrator: Making cal.admin an Administrator needs approval, and the preview did not show it ' +
        '(cal.admin changed after the preview), so no second Administrator approved it; this row was not ' +
        'imported. Upload the file again to have it approved.',
    );
  });

  it('a row that changes the email of someone made an Administrator after the preview is not imported', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'dee', email: 'dee@example.com' }, 'regular');
    const csv = `${HEADER}\ndee,Test,User,dee@elsewhere.example,,,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'dee.csv', content: csv, origin });
    expect(preview).toMatchObject({ toUpdate: 1, administrators: 0, administratorEmails: 0 });
    await sb.orm.em.fork().nativeUpdate(PortalUser, { userId: 'dee' }, { administrator: true });

    expect(await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 })).toMatchObject({ kind: 'done' });
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({ state: 'done', updated: 0, failed: 1 });
    expect((await userOf('dee')).email).toBe('dee@example.com');
    const failed = await failedRowsCsv(sb.deps, acc.actor, preview.id);
    expect(failed.csv).toContain('Email: dee is an Administrator: changing their email needs approval');
  });

  it('a preview confirmed in time and approved after it would have expired is imported', async () => {
    const acc = await newAccount(sb);
    const { actor: approver } = await addActor(sb, acc, { userId: 'eve.admin', email: 'eve@example.com' });
    const csv = `${HEADER}\nfay,Fay,New,fay@example.com,+17035550101,admin,,no\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'fay.csv', content: csv, origin });
    sb.clock.advance(23 * HOUR);
    const held = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 1 });
    if (held.kind !== 'held') throw new Error('a new Administrator must wait for approval');
    sb.clock.advance(2 * HOUR);

    const decided = await decideApproval(sb.deps, approver, { request: held.approval.id, decision: 'approve' });
    expect(decided.approval.state).toBe('executed');
    expect(await sb.orm.em.fork().findOneOrFail(ImportBatch, { id: preview.id })).toMatchObject({ state: 'queued' });
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({ state: 'done', added: 1 });
  });
});
