import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/services/audit-log.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { addUser } from '../../src/services/users/profile.js';
import { disableUser } from '../../src/services/users/state.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

describe('audit about one user', () => {
  it('finds actions on several users that include the user, and not those that only name a similar User ID', async () => {
    const acc = await newAccount(sb);
    for (const name of ['carol', 'dave', 'carolyn']) {
      const person = {
        userId: name,
        firstName: name,
        lastName: 'Example',
        email: `${name}@example.com`,
        phone: '+17035550100',
      };
      await addUser(sb.deps, acc.actor, { ...person, sendSetupEmail: false });
    }
    sb.clock.advance(60_000);
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carol', 'dave'] });
    sb.clock.advance(60_000);
    await requestPasswordResets(sb.deps, acc.actor, { users: ['carolyn', 'dave'] });
    sb.clock.advance(60_000);
    await disableUser(sb.deps, acc.actor, { user: 'carol' });

    const carol = await listAuditEvents(sb.deps, acc.actor, { user: 'carol' });
    expect(carol.items.map((e) => e.action)).toEqual(['user.disable', 'user.reset-password', 'user.add']);
    expect(carol.total).toBe(3);
    expect(carol.items[1]!.after).toEqual({ users: ['carol', 'dave'] });

    const dave = await listAuditEvents(sb.deps, acc.actor, { user: 'dave@example.com' });
    expect(dave.items.map((e) => e.action)).toEqual(['user.reset-password', 'user.reset-password', 'user.add']);
  });
});
