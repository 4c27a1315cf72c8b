import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { createAdministrator } from '../../src/services/users/bootstrap.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { addUser, editUser } from '../../src/services/users/profile.js';
import { expectRefusal } from '../support/expect.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** "Alice" then RIGHT-TO-LEFT OVERRIDE: the rest displays reversed ("Alice gpj.exe" shows as "Alice exe.jpg"). */
const OVERRIDE = 'Alice\u202Egpj.exe';
const BAD_NAMES = [OVERRIDE, 'Bob\u2066hidden\u2069', 'Carol\u0085Admin', 'Dan\nAdministrator', 'Eve\u0007'];

const person = { userId: 'new.person', email: 'new.person@example.com', phone: '+17035550100' };

describe('one rule for person names, wherever a name is given', () => {
  it('user add, user edit, invite and admin create refuse the same names with the same message, and change nothing', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, { ...person, firstName: 'Nia', lastName: 'Person' });
    for (const bad of BAD_NAMES) {
      const messages = new Set<string>();
      for (const [field, attempt] of [
        [
          'firstName',
          () =>
            addUser(sb.deps, acc.actor, {
              ...person,
              userId: 'other',
              email: 'other@example.com',
              firstName: bad,
              lastName: 'Person',
            }),
        ],
        ['lastName', () => editUser(sb.deps, acc.actor, { user: person.userId, lastName: bad })],
        ['firstName', () => inviteUser(sb.deps, acc.actor, { email: 'invitee@example.com', firstName: bad })],
        [
          'lastName',
          () => inviteUser(sb.deps, acc.actor, { email: 'invitee@example.com', firstName: 'Ivy', lastName: bad }),
        ],
        [
          'firstName',
          () =>
            createAdministrator(sb.deps, {
              account: acc.account.name,
              userId: 'boss',
              email: 'boss@example.com',
              firstName: bad,
              lastName: 'Boss',
            }),
        ],
      ] as const) {
        const refusal = await expectRefusal(attempt(), 'VALIDATION.INVALID', field);
        messages.add(refusal.fields.find((f) => f.field === field)!.message.replace(/^(First|Last) Name /, ''));
      }
      expect([...messages], JSON.stringify(bad)).toHaveLength(1);
    }
    const em = sb.orm.em.fork();
    const users = await em.find(PortalUser, { account: acc.account.id }, { orderBy: { userIdKey: 'asc' } });
    expect(users.map((u) => `${u.userId}:${u.firstName} ${u.lastName}`)).toEqual([
      'admin1:Ada Admin',
      'new.person:Nia Person',
    ]);
  });

  it('invite --name with a right-to-left override is refused, naming the field and how to fix it', async () => {
    const acc = await newAccount(sb);
    const refusal = await expectRefusal(
      inviteUser(sb.deps, acc.actor, { email: 'rlo@example.com', firstName: OVERRIDE, lastName: 'Smith' }),
      'VALIDATION.INVALID',
      'firstName',
    );
    expect(refusal.message).toBe(
      'firstName: First Name must not contain text-direction control characters (such as right-to-left override or isolate); type the name without them',
    );
  });

  it('names in other scripts are taken as typed, everywhere', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, {
      email: 'mehr@example.com',
      firstName: 'مهرنوش\u200cخانم',
      lastName: 'Ærøskøbing',
    });
    expect(invitation.name).toBe('مهرنوش\u200cخانم Ærøskøbing');
    const user = await addUser(sb.deps, acc.actor, { ...person, firstName: 'अनन्या', lastName: '김' });
    expect(await editUser(sb.deps, acc.actor, { user: user.userId, lastName: 'Nguyễn' })).toMatchObject({
      firstName: 'अनन्या',
      lastName: 'Nguyễn',
    });
  });
});
