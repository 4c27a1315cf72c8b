import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryLedger } from '../../src/chat/delivery-ledger.js';
import { carryOutOnce } from '../../src/chat/form-submissions.js';
import { SubmissionLedger } from '../../src/chat/once-only.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { submitChange } from '../../src/services/approvals/hold.js';
import { addUserOperation } from '../../src/services/users/profile.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';

// On SQLite and PostgreSQL (TEST_DATABASE_URL): a form submission's once-only mark and the change
// it makes commit together, through the real ledger and the real approval gate.

let sb: TestSwitchboard;
let ledger: DeliveryLedger;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  ledger = new DeliveryLedger(sb.orm, sb.clock);
});
afterAll(() => sb?.close());

const submissions = () => new SubmissionLedger<string>(ledger, 'slack', 10 * 60_000);
let views = 0;
const newView = () => `view:V${++views}-${Math.random().toString(36).slice(2, 8)}`;

function addInput(userId: string, role: 'regular' | 'admin' = 'regular') {
  return {
    userId,
    firstName: 'Nia',
    lastName: 'Okafor',
    email: `${userId}@example.com`,
    phone: '+1 703 555 0142',
    role,
    sendSetupEmail: false,
  };
}

const usersNamed = (acc: TestAccount, userId: string) =>
  sb.orm.em.fork().count(PortalUser, { account: acc.account.id, userId });

describe("a form submission is marked carried out in its change's transaction", () => {
  it('the change made, then the process fails before answering: the submission is never carried out again', async () => {
    const acc = await newAccount(sb);
    const key = newView();
    const died = carryOutOnce(submissions(), key, async (commitWith) => {
      await submitChange(sb.deps, acc.actor, addUserOperation, addInput('nia'), commitWith);
      throw new Error('the process died before the confirmation was sent');
    });
    await expect(died).rejects.toThrow('the process died');
    expect(await ledger.lookup('slack', key)).toEqual({ state: 'done', result: null });

    let ranAgain = false;
    const retry = await carryOutOnce(submissions(), key, async () => ((ranAgain = true), { outcome: 1, done: true }));
    expect(retry).toEqual({ kind: 'done', result: null });
    expect(ranAgain).toBe(false);
    expect(await usersNamed(acc, 'nia')).toBe(1);
  });

  it('a refused change rolls the mark back with it: the corrected values can be sent', async () => {
    const acc = await newAccount(sb);
    const key = newView();
    const taken = carryOutOnce(submissions(), key, async (commitWith) => {
      await submitChange(sb.deps, acc.actor, addUserOperation, addInput('admin1'), commitWith);
      return { outcome: 'added', done: true };
    });
    await expect(taken).rejects.toMatchObject({ code: 'USER.DUPLICATE_ID' });
    expect(await ledger.lookup('slack', key), 'released, not left pending or done').toBeNull();

    const corrected = await carryOutOnce(submissions(), key, async (commitWith) => {
      await submitChange(sb.deps, acc.actor, addUserOperation, addInput('nia2'), commitWith);
      return { outcome: 'added', done: true };
    });
    expect(corrected).toEqual({ kind: 'ran', outcome: 'added' });
    expect(await ledger.lookup('slack', key)).toEqual({ state: 'done', result: null });
    expect(await usersNamed(acc, 'nia2')).toBe(1);
  });

  it('a change held for approval marks its submission in the transaction that stores the request', async () => {
    const acc = await newAccount(sb);
    const key = newView();
    sb.deps.settings.approvals = undefined; // the default policy: adding an Administrator waits for a second one
    const died = carryOutOnce(submissions(), key, async (commitWith) => {
      const outcome = await submitChange(sb.deps, acc.actor, addUserOperation, addInput('boss', 'admin'), commitWith);
      expect(outcome.kind).toBe('held');
      throw new Error('the process died before the card was posted');
    });
    await expect(died).rejects.toThrow('the process died');
    expect(await ledger.lookup('slack', key)).toEqual({ state: 'done', result: null });
    const requests = await sb.orm.em.fork().count(ApprovalRequest, { account: acc.account.id });
    expect(requests).toBe(1);
    expect(await usersNamed(acc, 'boss')).toBe(0);
  });
});
