import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import { submitOperation, type ApprovalDto } from '../../src/services/approvals/index.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

describe('approval sweeper', () => {
  it('expires due requests and tells every listener, even when one of them fails', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'victim', email: 'victim@example.com' }, 'regular');
    const held = await submitOperation(sb.deps, acc.actor, { name: 'user.delete', input: { user: 'victim' } });
    if (held.kind !== 'held') throw new Error('expected held');
    const told: ApprovalDto[][] = [];
    const sweeper = new ApprovalSweeper(sb.deps, sb.deps.logger);
    const unsubscribe = [
      sb.deps.approvalEvents.subscribe(async () => {
        throw new Error('platform down');
      }),
      sb.deps.approvalEvents.subscribe(async (changed) => {
        told.push(changed);
      }),
    ];
    onTestFinished(() => unsubscribe.forEach((stop) => stop()));
    expect(await sweeper.runOnce()).toEqual([]);
    sb.clock.advance(25 * HOUR);
    try {
      const changed = await sweeper.runOnce();
      expect(changed.map((c) => [c.id, c.state])).toEqual([[held.approval.id, 'expired']]);
      expect(told.at(-1)?.map((c) => c.id)).toEqual([held.approval.id]);
      expect(sb.logs.join('')).toContain('could not tell a platform about approval requests that changed');
    } finally {
      sb.clock.advance(-25 * HOUR);
    }
  });
});
