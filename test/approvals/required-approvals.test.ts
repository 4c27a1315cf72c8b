import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, type CommandContext } from '../../commands/index.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { submitOperation } from '../../src/services/approvals/index.js';
import { disableUser } from '../../src/services/users/state.js';
import { setPermissions } from '../../src/services/users/profile.js';
import type { Actor, ServiceDeps } from '../../src/services/context.js';
import type { Reply } from '../../views/reply.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

/** APPROVALS_REQUIRED above 1: who counts, and two approvers deciding at the same moment. */
let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

interface Cast {
  acc: TestAccount;
  deps: ServiceDeps;
  /** Administrators other than the requester (admin1), by first name. */
  bea: Actor;
  cy: Actor;
  dan: Actor;
}

/** An account whose policy needs `required` approvals, with three approvers and a user to delete. */
async function cast(required: number): Promise<Cast> {
  const acc = await newAccount(sb);
  const admin = async (userId: string, firstName: string) =>
    (await addActor(sb, acc, { userId, email: `${userId}@example.com`, firstName, lastName: 'Approver' })).actor;
  const [bea, cy, dan] = [await admin('bea', 'Bea'), await admin('cy', 'Cy'), await admin('dan', 'Dan')];
  await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
  const approvals = loadApprovalPolicy({ APPROVALS_REQUIRED: String(required) });
  const deps = { ...sb.deps, settings: { ...sb.deps.settings, approvals } };
  return { acc, deps, bea, cy, dan };
}

async function holdDelete(c: Cast): Promise<string> {
  const held = await submitOperation(c.deps, c.acc.actor, { name: 'user.delete', input: { user: 'victim' } });
  if (held.kind !== 'held') throw new Error('expected the delete to be held');
  return held.approval.id;
}

/** What the approver is told, as every platform words it (the `approvals approve` command). */
async function approve(c: Cast, actor: Actor, id: string): Promise<Reply> {
  const result = await runCommandLine({ deps: c.deps, actor } satisfies CommandContext, `approvals approve ${id}`);
  if (result.kind !== 'reply') throw new Error('expected a reply');
  return result.reply;
}

const stored = (id: string) => sb.orm.em.fork().findOneOrFail(ApprovalRequest, { id });
const victimOf = (c: Cast) =>
  sb.orm.em.fork().findOneOrFail(PortalUser, { account: c.acc.account.id, userIdKey: 'victim' });
const deletes = (c: Cast) =>
  sb.orm.em.fork().count(AuditEvent, { accountId: c.acc.account.id, action: 'user.delete', outcome: 'success' });

async function change(c: Cast, userId: string, values: Partial<PortalUser>): Promise<void> {
  await sb.orm.em.fork().nativeUpdate(PortalUser, { account: c.acc.account.id, userIdKey: userId }, values);
}

describe('two approvals required', () => {
  it('two Administrators approving at the same moment: both count, the change is made once, each is told so', async () => {
    const c = await cast(2);
    for (let round = 0; round < 3; round++) {
      await change(c, 'victim', { state: 'enabled' });
      const id = await holdDelete(c);
      const replies = await Promise.all([approve(c, c.bea, id), approve(c, c.cy, id)]);
      expect(replies.map((r) => r.summary).sort()).toEqual([
        expect.stringMatching(/^Approved: Approved by (Bea Approver, Cy Approver|Cy Approver, Bea Approver); done\.$/),
        'Your approval is recorded: 1 of 2 approvals so far; it needs 1 more.',
      ]);
      const request = await stored(id);
      expect(request.state).toBe('executed');
      expect(request.decisions.map((d) => d.byName).sort()).toEqual(['Bea Approver', 'Cy Approver']);
      expect((await victimOf(c)).state).toBe('deleted');
      expect(await deletes(c)).toBe(round + 1);
    }
  });

  it('an approval by someone no longer an enabled Administrator does not count; the request waits and says so', async () => {
    const c = await cast(2);
    const id = await holdDelete(c);
    expect((await approve(c, c.bea, id)).summary).toBe(
      'Your approval is recorded: 1 of 2 approvals so far; it needs 1 more.',
    );
    await setPermissions(c.deps, c.acc.actor, { user: 'bea', permissions: { administrator: false } });
    const cy = await approve(c, c.cy, id);
    expect(cy.summary).toBe('Your approval is recorded: 1 of 2 approvals so far; it needs 1 more.');
    const note = "Bea Approver's approval no longer counts: they are no longer an enabled Administrator of";
    expect(JSON.stringify(cy.blocks)).toContain(note);
    expect(JSON.stringify(cy.blocks)).toContain('"label":"Approvals","value":"1 of 2"');
    expect(await stored(id)).toMatchObject({ state: 'pending', decisions: [{ byName: 'Cy Approver' }] });
    expect((await victimOf(c)).state).toBe('enabled');
    expect((await approve(c, c.dan, id)).summary).toBe('Approved: Approved by Cy Approver, Dan Approver; done.');
    expect((await victimOf(c)).state).toBe('deleted');
  });

  it('approvals by Administrators disabled or demoted since stop counting, and the audit names them', async () => {
    const c = await cast(3);
    const id = await holdDelete(c);
    await approve(c, c.bea, id);
    await approve(c, c.cy, id);
    await disableUser(c.deps, c.acc.actor, { user: 'bea' });
    await setPermissions(c.deps, c.acc.actor, { user: 'cy', permissions: { administrator: false } });
    const dan = await approve(c, c.dan, id);
    expect(dan.summary).toBe('Your approval is recorded: 1 of 3 approvals so far; it needs 2 more.');
    const note =
      'The approvals of Bea Approver and Cy Approver no longer count: ' +
      'they are no longer enabled Administrators of';
    expect(JSON.stringify(dan.blocks)).toContain(note);
    expect(await stored(id)).toMatchObject({ state: 'pending', decisions: [{ byName: 'Dan Approver' }] });
    const [recorded] = await sb.orm.em
      .fork()
      .find(AuditEvent, { targetId: id, actorId: c.dan.userId, action: 'approval.approve' });
    expect(recorded!.after).toMatchObject({ approvals: 1, required: 3, notCounted: ['Bea Approver', 'Cy Approver'] });
    expect((await victimOf(c)).state).toBe('enabled');
  });
});
