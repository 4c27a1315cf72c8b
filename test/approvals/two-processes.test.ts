import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { submitOperation } from '../../src/services/approvals/index.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

const script = fileURLToPath(new URL('./support/approve-many.ts', import.meta.url));
const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

function startProcess(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  result: Promise<string[]>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
    if (out.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk) => (err += String(chunk)));
  if (process.env.DEBUG_APPROVALS) child.stdout.on('data', (c) => console.log('child:', String(c).slice(0, 400)));
  const result = new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as string[]);
      else reject(new Error(`approver process exited ${code}: ${err.slice(-500)}`));
    });
  });
  return { child, ready, result };
}

describe.runIf(onPostgres)('exactly once across processes (PostgreSQL)', () => {
  it('two processes each sending 50 simultaneous approvals of one request make one change and one audit record of it', async () => {
    const acc = await newAccount(sb);
    const { actor: approver } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected the delete to be held');
    const args = [
      JSON.stringify(sb.database),
      held.approval.id,
      approver.userId,
      process.env.APPROVALS_PER_PROCESS ?? '50',
      sb.clock.now().toISOString(),
    ];
    const processes = [startProcess(args), startProcess(args)];
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.child.stdin.end('go\n');
    const outcomes = (await Promise.all(processes.map((p) => p.result))).flat();
    expect(outcomes).toHaveLength(100);
    expect(outcomes.filter((o) => o === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-decided')).toHaveLength(99);
    const em = sb.orm.em.fork();
    expect(await em.findOneOrFail(ApprovalRequest, { id: held.approval.id })).toMatchObject({ state: 'executed' });
    expect(await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'victim' })).toMatchObject({
      state: 'deleted',
    });
    expect(await em.count(AuditEvent, { accountId: acc.account.id, action: 'user.delete', outcome: 'success' })).toBe(
      1,
    );
    expect(
      await em.count(AuditEvent, { targetId: held.approval.id, action: 'approval.approve', outcome: 'success' }),
    ).toBe(1);
  }, 120_000);

  it('with two approvals required, two Administrators approving at once from two processes both count', async () => {
    const acc = await newAccount(sb);
    const { actor: bea } = await addActor(sb, acc, { userId: 'bea', email: 'bea@example.com', firstName: 'Bea' });
    const { actor: cy } = await addActor(sb, acc, { userId: 'cy', email: 'cy@example.com', firstName: 'Cy' });
    const approvals = loadApprovalPolicy({ APPROVALS_REQUIRED: '2' });
    const deps = { ...sb.deps, settings: { ...sb.deps.settings, approvals } };
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) {
      await addActor(sb, acc, { userId: `victim${n}`, email: `victim${n}@example.com` }, 'regular');
      const held = await submitOperation(deps, acc.actor, { name: 'user.delete', input: { user: `victim${n}` } });
      if (held.kind !== 'held') throw new Error('expected the delete to be held');
      ids.push(held.approval.id);
    }
    // Each process approves every request once, all at once, as its own Administrator.
    const args = (approver: string) => [
      JSON.stringify(sb.database),
      ids.join(','),
      approver,
      '1',
      sb.clock.now().toISOString(),
    ];
    const processes = [startProcess(args(bea.userId)), startProcess(args(cy.userId))];
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.child.stdin.end('go\n');
    const outcomes = (await Promise.all(processes.map((p) => p.result))).flat();
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'decided'));
    const em = sb.orm.em.fork();
    for (const request of await em.find(ApprovalRequest, { id: { $in: ids } })) {
      expect(request.state).toBe('executed');
      expect(request.decisions.map((d) => d.by).sort()).toEqual([bea.userId, cy.userId].sort());
    }
    const victims = await em.find(PortalUser, { account: acc.account.id, userIdKey: { $like: 'victim%' } });
    expect(victims.map((v) => v.state)).toEqual(Array.from({ length: 10 }, () => 'deleted'));
    expect(await em.count(AuditEvent, { accountId: acc.account.id, action: 'user.delete', outcome: 'success' })).toBe(
      10,
    );
  }, 120_000);
});
