import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { decideApproval, submitOperation } from '../../src/services/approvals/index.js';
import type { Actor } from '../../src/services/context.js';
import { endDueGrants } from '../../src/services/grants/end.js';
import { listGrants } from '../../src/services/grants/query.js';
import { runOperation } from '../../src/services/run.js';
import { revokeGrantOperation } from '../../src/services/grants/operations.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

const MINUTE = 60_000;
const onPostgres = process.env.TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

interface Cast {
  acc: TestAccount;
  /** A second Administrator, to approve. */
  approver: Actor;
  /** A regular user (Orders: manage, Invoices: view), who asks. */
  asker: Actor;
}

/** The grants of this test's account that a sweep ended (earlier tests' grants end in the same sweeps). */
async function sweep() {
  const here = new Set((await sb.orm.em.fork().find(Grant, { account })).map((g) => g.id));
  return (await endDueGrants(sb.deps)).filter((g) => here.has(g.id));
}

async function cast(): Promise<Cast> {
  const acc = await newAccount(sb);
  account = acc.account.id;
  const { actor: approver } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
  const { actor: asker } = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
  return { acc, approver, asker };
}

let account = '';
const userNamed = (userId: string) => sb.orm.em.fork().findOneOrFail(PortalUser, { account, userIdKey: userId });
const grantsOf = (userId: string) => sb.orm.em.fork().find(Grant, { account, user: { userIdKey: userId } });

async function requestAndApprove(c: Cast, permission = 'orders:manage', durationMs = 30 * MINUTE) {
  const held = await submitOperation(sb.deps, c.asker, {
    name: 'access.request',
    input: { permission, durationMs, reason: 'month-end orders' },
  });
  if (held.kind !== 'held') throw new Error('a request for access must wait for approval');
  const decided = await decideApproval(sb.deps, c.approver, { request: held.approval.id, decision: 'approve' });
  return { held, decided };
}

describe('time-boxed grants', () => {
  it('a request waits for an Administrator, holds once approved, and returns at its end, once', async () => {
    const c = await cast();
    expect((await userNamed('rita')).orders).toBe('view');
    const { held, decided } = await requestAndApprove(c);
    expect(held.approval.reason).toBe('a request for access');
    expect(decided.approval.state).toBe('executed');
    expect((await userNamed('rita')).orders).toBe('manage');
    const [grant] = await grantsOf('rita');
    expect(grant).toMatchObject({ state: 'active', permission: 'orders:manage', previousValue: 'view' });
    expect(grant!.approvers).toEqual(['Test User']);

    sb.clock.advance(29 * MINUTE);
    expect(await sweep()).toEqual([]);
    sb.clock.advance(2 * MINUTE);
    const ended = await sweep();
    expect(ended.map((g) => g.id)).toEqual([grant!.id]);
    expect(ended[0]!.outcome).toMatch(/Ended on time; orders:manage returned to view/);
    expect(await sweep()).toEqual([]);
    expect((await userNamed('rita')).orders).toBe('view');
    const audit = await sb.orm.em
      .fork()
      .find(AuditEvent, { accountId: c.acc.account.id }, { orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['approval.request', 'access.request', 'grant.end']),
    );
  });

  it('the end survives a restart: another process opened on the database after it ends the grant', async () => {
    const c = await cast();
    await requestAndApprove(c);
    const orm = await openDatabase(sb.database, { migrate: false });
    try {
      const restarted = { ...sb.deps, orm, clock: { now: () => new Date(sb.clock.now().getTime() + 31 * MINUTE) } };
      const [mine] = await grantsOf('rita');
      const ended = (await endDueGrants(restarted)).filter((g) => g.id === mine!.id);
      expect(ended.map((g) => g.outcome)).toEqual(['Ended on time; orders:manage returned to view.']);
    } finally {
      await orm.close(true);
    }
    expect((await userNamed('rita')).orders).toBe('view');
    sb.clock.advance(31 * MINUTE);
    expect(await sweep()).toEqual([]);
  });

  it('an Administrator who changed the area meanwhile wins: the end leaves it and says so', async () => {
    const c = await cast();
    await requestAndApprove(c);
    await runOperation(
      sb.deps,
      c.acc.actor,
      (await import('../../src/services/users/profile.js')).setPermissionsOperation,
      {
        user: 'rita',
        permissions: { orders: 'hide' },
      },
    );
    sb.clock.advance(31 * MINUTE);
    const [ended] = await sweep();
    expect(ended!.outcome).toMatch(
      /an Administrator, Ada Admin, changed this area since \(now hide\), so that change stands/,
    );
    expect((await userNamed('rita')).orders).toBe('hide');
  });

  it('refuses, with what to do: self-approval, too long, unknown permissions, what one has, a second at once', async () => {
    const c = await cast();
    const ask = (input: object, actor = c.asker) => submitOperation(sb.deps, actor, { name: 'access.request', input });
    await expect(ask({ permission: 'orders:manage', durationMs: 9 * 60 * MINUTE, reason: 'x' })).rejects.toMatchObject({
      code: 'GRANT.TOO_LONG',
      message: expect.stringContaining('at most 8h (GRANT_MAX)'),
    });
    await expect(ask({ permission: 'orders:manage', durationMs: 30_000, reason: 'x' })).rejects.toMatchObject({
      code: 'GRANT.TOO_SHORT',
      fields: [{ field: 'duration', message: expect.stringMatching(/^A grant lasts at least 1m/) }],
      message:
        'A grant lasts at least 1m (grants end on a one-minute sweep); ask for 1m or more, such as 30m or 1h 30m.',
    });
    await expect(ask({ permission: 'orders:everything', reason: 'x' })).rejects.toMatchObject({
      code: 'GRANT.UNKNOWN_PERMISSION',
      message: 'Give orders a level: orders:view or orders:manage',
    });
    await expect(ask({ permission: 'billing:pay', reason: 'x' })).rejects.toMatchObject({
      code: 'GRANT.UNKNOWN_PERMISSION',
    });
    await expect(ask({ permission: 'orders:view', reason: 'x' })).rejects.toMatchObject({ code: 'GRANT.ALREADY_HELD' });
    await expect(ask({ permission: 'orders:manage', reason: '' })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID',
    });
    const own = await ask({ permission: 'fortinet:full', reason: 'sso test' }, c.approver);
    if (own.kind !== 'held') throw new Error('held');
    await expect(
      decideApproval(sb.deps, c.approver, { request: own.approval.id, decision: 'approve' }),
    ).rejects.toMatchObject({
      code: 'APPROVAL.SELF',
    });
    await requestAndApprove(c);
    await expect(ask({ permission: 'orders:manage', reason: 'again' })).rejects.toMatchObject({
      code: 'GRANT.ALREADY_HELD',
    });
    // Carried out directly (not through an approval), a request is refused.
    await expect(
      runOperation(sb.deps, c.asker, (await import('../../src/services/grants/operations.js')).requestAccessOperation, {
        permission: 'tickets:manage',
        reason: 'x',
      }),
    ).rejects.toMatchObject({ code: 'GRANT.NEEDS_APPROVAL' });
  });

  it('revoke: the requester ends their own, another regular user may not, an Administrator any', async () => {
    const c = await cast();
    const { actor: other } = await addActor(sb, c.acc, { userId: 'otto', email: 'otto@example.com' }, 'read-only');
    await requestAndApprove(c);
    const [grant] = await grantsOf('rita');
    await expect(
      runOperation(sb.deps, other, revokeGrantOperation, { grant: grant!.id.slice(0, 8) }),
    ).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    const revoked = await runOperation(sb.deps, c.asker, revokeGrantOperation, { grant: grant!.id.slice(0, 8) });
    expect(revoked).toMatchObject({
      state: 'revoked',
      outcome: expect.stringMatching(/^Revoked by Test User; orders:manage returned to view/),
    });
    expect((await userNamed('rita')).orders).toBe('view');
    sb.clock.advance(HOURS(1));
    expect(await sweep()).toEqual([]);
    await expect(runOperation(sb.deps, c.acc.actor, revokeGrantOperation, { grant: grant!.id })).rejects.toMatchObject({
      code: 'GRANT.NOT_ACTIVE',
    });
    const mine = await listGrants(sb.deps, c.asker, { scope: 'all' });
    expect(mine.map((g) => g.state)).toEqual(['revoked']);
    await expect(listGrants(sb.deps, c.asker, { user: 'admin2' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('with APPROVALS_REQUIRED=2 a request needs two distinct Administrators; one Deny ends it', async () => {
    const c = await cast();
    sb.deps.settings.approvals = { ...DEFAULT_APPROVAL_POLICY, required: 2 };
    try {
      const ask = (permission: string) =>
        submitOperation(sb.deps, c.asker, { name: 'access.request', input: { permission, reason: 'two keys' } });
      const first = await ask('orders:manage');
      if (first.kind !== 'held') throw new Error('held');
      const decide = (actor: Actor, decision: 'approve' | 'deny', request = first.approval.id) =>
        decideApproval(sb.deps, actor, { request, decision, ...(decision === 'deny' ? { reason: 'no' } : {}) });
      expect((await decide(c.approver, 'approve')).approval).toMatchObject({ state: 'pending', required: 2 });
      expect((await decide(c.approver, 'approve')).approval.state).toBe('pending');
      expect((await userNamed('rita')).orders).toBe('view');
      expect((await decide(c.acc.actor, 'approve')).approval.state).toBe('executed');
      expect((await userNamed('rita')).orders).toBe('manage');
      const [grant] = await grantsOf('rita');
      expect(grant!.approvers.sort()).toEqual(['Ada Admin', 'Test User']);

      const second = await ask('tickets:manage');
      if (second.kind !== 'held') throw new Error('held');
      await decide(c.approver, 'approve', second.approval.id);
      expect((await decide(c.acc.actor, 'deny', second.approval.id)).approval.state).toBe('denied');
      expect((await userNamed('rita')).tickets).toBe('view');
    } finally {
      sb.deps.settings.approvals = undefined;
    }
  });

  it('granting admin waits for a second Administrator; its end never leaves the account without one', async () => {
    const c = await cast();
    const held = await submitOperation(sb.deps, c.acc.actor, {
      name: 'grant.give',
      input: { user: 'rita', permission: 'admin', durationMs: HOURS(2) },
    });
    expect(held.kind).toBe('held');
    if (held.kind !== 'held') return;
    await decideApproval(sb.deps, c.approver, { request: held.approval.id, decision: 'approve' });
    expect((await userNamed('rita')).administrator).toBe(true);
    const em = sb.orm.em.fork();
    await em.nativeUpdate(
      PortalUser,
      { userIdKey: { $in: ['admin1', 'admin2'] }, account: c.acc.account.id },
      { state: 'disabled' },
    );
    sb.clock.advance(HOURS(3));
    const [ended] = await sweep();
    expect(ended!.outcome).toMatch(/stays an Administrator: they are the account's last enabled one/);
    expect((await userNamed('rita')).administrator).toBe(true);
  });
});

const HOURS = (n: number) => n * 60 * MINUTE;

function child(script: string, args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', here(script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  proc.stdout.on('data', (chunk) => {
    out += String(chunk);
    if (out.includes('ready\n')) markReady();
  });
  proc.stderr.on('data', (chunk) => (err += String(chunk)));
  const result = new Promise<string[]>((resolve, reject) =>
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as string[]);
      else reject(new Error(`process exited ${code}: ${err.slice(-500)}`));
    }),
  );
  return { proc, ready, result };
}

describe.runIf(onPostgres)('time-boxed grants across two processes (PostgreSQL)', () => {
  it('20 simultaneous approvals of one request make one grant; two sweeping processes end it once', async () => {
    const c = await cast();
    const held = await submitOperation(sb.deps, c.asker, {
      name: 'access.request',
      input: { permission: 'orders:manage', durationMs: 30 * MINUTE, reason: 'month end' },
    });
    if (held.kind !== 'held') throw new Error('held');
    const approve = [
      JSON.stringify(sb.database),
      held.approval.id,
      c.approver.userId,
      '10',
      sb.clock.now().toISOString(),
    ];
    const approvers = [
      child('../approvals/support/approve-many.ts', approve),
      child('../approvals/support/approve-many.ts', approve),
    ];
    await Promise.all(approvers.map((p) => p.ready));
    for (const p of approvers) p.proc.stdin.end('go\n');
    const outcomes = (await Promise.all(approvers.map((p) => p.result))).flat();
    expect(outcomes.filter((o) => o === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-decided')).toHaveLength(19);
    expect(await grantsOf('rita')).toHaveLength(1);

    const later = new Date(sb.clock.now().getTime() + 31 * MINUTE).toISOString();
    const sweepers = [
      child('./support/sweep.ts', [JSON.stringify(sb.database), later]),
      child('./support/sweep.ts', [JSON.stringify(sb.database), later]),
    ];
    await Promise.all(sweepers.map((p) => p.ready));
    for (const p of sweepers) p.proc.stdin.end('go\n');
    const ended = (await Promise.all(sweepers.map((p) => p.result))).flat();
    expect(ended).toHaveLength(1);
    expect((await userNamed('rita')).orders).toBe('view');
    expect(await sb.orm.em.fork().count(AuditEvent, { accountId: c.acc.account.id, action: 'grant.end' })).toBe(1);
  }, 120_000);
});
