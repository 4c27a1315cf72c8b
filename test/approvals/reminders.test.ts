import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApprovalPolicy } from '../../src/config.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { decideApproval, remindApprovers, submitOperation } from '../../src/services/approvals/index.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  sb.deps.settings.approvals = { ...DEFAULT_APPROVAL_POLICY };
});
afterAll(async () => sb?.close());

/** A held deletion in a fresh account; returns its id and the second Administrator. */
async function held() {
  const acc = await newAccount(sb);
  const { actor: approver } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
  await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
  const outcome = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
  if (outcome.kind !== 'held') throw new Error('expected the delete to be held');
  return { id: outcome.approval.id, approver };
}

/** The requests of `ids` the sweep reminded, with their count. */
async function remindedOf(ids: string[]) {
  return (await remindApprovers(sb.deps)).filter((v) => ids.includes(v.id)).map((v) => [v.id, v.remindersSent]);
}

describe('reminders to the approvers of a pending request (APPROVAL_REMINDER)', () => {
  it('after 1h, then 2h later, then 4h later: each once, whichever of several sweeps claims it', async () => {
    const { id, approver } = await held();
    const start = sb.clock.now().getTime();
    const at = (hours: number) => sb.clock.advance(start + hours * HOUR - sb.clock.now().getTime());
    at(0.99);
    expect(await remindedOf([id])).toEqual([]);
    at(1);
    const [a, b, c] = await Promise.all([remindedOf([id]), remindedOf([id]), remindedOf([id])]);
    expect([...a!, ...b!, ...c!]).toEqual([[id, 1]]);
    at(2.9);
    expect(await remindedOf([id])).toEqual([]);
    at(3);
    expect(await remindedOf([id])).toEqual([[id, 2]]);
    at(7);
    expect(await remindedOf([id])).toEqual([[id, 3]]);
    // A reminder leaves the request's version alone: a decision made after it goes through.
    const decided = await decideApproval(sb.deps, approver, { request: id, decision: 'approve' });
    expect(decided.approval.state).toBe('executed');
    at(15);
    expect(await remindedOf([id])).toEqual([]);
  });

  it('are off with APPROVAL_REMINDER=off, and a bad value is refused at start-up with how to fix it', async () => {
    expect(loadApprovalPolicy({ APPROVAL_REMINDER: 'off' }).reminderMs).toBeNull();
    expect(loadApprovalPolicy({}).reminderMs).toBe(HOUR);
    expect(loadApprovalPolicy({ APPROVAL_REMINDER: '30m' }).reminderMs).toBe(30 * 60_000);
    expect(() => loadApprovalPolicy({ APPROVAL_REMINDER: 'soon' })).toThrow(
      /APPROVAL_REMINDER must be a duration between 1m and 30d such as 1h, or off, not "soon"/,
    );
    sb.deps.settings.approvals = { ...DEFAULT_APPROVAL_POLICY, reminderMs: null };
    try {
      const { id } = await held();
      sb.clock.advance(2 * HOUR);
      expect(await remindedOf([id])).toEqual([]);
    } finally {
      sb.deps.settings.approvals = { ...DEFAULT_APPROVAL_POLICY };
    }
  });
});
