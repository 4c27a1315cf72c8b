import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { addUser, addUserOperation, editUser, setPermissions } from '../../src/services/users/profile.js';
import { runOperation } from '../../src/services/run.js';
import { deleteUser, disableUser, enableUser, restoreUser } from '../../src/services/users/state.js';
import { listUsers, showUser } from '../../src/services/users/query.js';
import { expectRefusal } from '../support/expect.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const alice = {
  userId: 'alice.w',
  label: 'Alice W',
  firstName: 'Alice',
  lastName: 'Walker',
  email: 'Alice.Walker@Example.com',
  phone: '+1 (703) 555-0142',
};

async function auditOf(action: string, targetId?: string) {
  const em = sb.orm.em.fork();
  return em.find(AuditEvent, { action, ...(targetId ? { targetId } : {}) }, { orderBy: { createdAt: 'asc' } });
}

describe('user add', () => {
  it('creates an enabled user with a role preset, sites, E.164 phone, a setup link and an email in the outbox, audited', async () => {
    const acc = await newAccount(sb);
    const user = await addUser(sb.deps, acc.actor, { ...alice, role: 'regular', sites: ['3418205'] });
    expect(user).toMatchObject({
      userId: 'alice.w',
      state: 'enabled',
      phone: '+17035550142',
      role: 'regular',
      email: 'Alice.Walker@Example.com',
    });
    expect(user.permissions).toMatchObject({
      administrator: false,
      orders: 'manage',
      services: 'manage',
      tickets: 'manage',
      invoices: 'view',
    });
    const em = sb.orm.em.fork();
    const stored = await em.findOneOrFail(PortalUser, { id: user.id }, { populate: ['sites'] });
    expect(stored.emailKey).toBe('alice.walker@example.com');
    const links = await em.find(PasswordLink, { user: stored });
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ purpose: 'setup' });
    expect(await em.count(LinkToken, { passwordLink: links[0]! }), 'no token before the email is sent').toBe(0);
    const mail = await em.findOneOrFail(OutboxMessage, { subjectId: links[0]!.id });
    expect(mail).toMatchObject({ kind: 'password-setup', recipient: 'Alice.Walker@Example.com', status: 'pending' });
    const [audit] = await auditOf('user.add', user.id);
    expect(audit).toMatchObject({
      outcome: 'success',
      actorId: acc.admin.id,
      platform: 'slack',
      targetName: 'alice.w',
    });
    expect(audit!.after).toMatchObject({ userId: 'alice.w', role: 'regular', sites: ['3418205'] });
  });

  it('applies explicit permissions over the preset, and sends no email when asked not to', async () => {
    const acc = await newAccount(sb);
    const user = await addUser(sb.deps, acc.actor, {
      ...alice,
      role: 'read-only',
      permissions: { tickets: 'manage', merakiSso: 'read-only' },
      sendSetupEmail: false,
    });
    expect(user.permissions).toMatchObject({ tickets: 'manage', orders: 'view', merakiSso: 'read-only' });
    expect(user.role).toBe('custom');
    expect(await sb.orm.em.fork().count(OutboxMessage, { recipient: alice.email, accountId: acc.account.id })).toBe(0);
  });

  it("refuses a User ID taken in the account, ignoring case, and keeps deleted users' IDs reserved", async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await expectRefusal(
      addUser(sb.deps, acc.actor, { ...alice, userId: 'ALICE.W', email: 'other@example.com' }),
      'USER.DUPLICATE_ID',
      'userId',
    );
    await deleteUser(sb.deps, acc.actor, { user: 'alice.w' });
    const refusal = await expectRefusal(
      addUser(sb.deps, acc.actor, { ...alice, email: 'new@example.com' }),
      'USER.DUPLICATE_ID',
      'userId',
    );
    expect(refusal.message).toMatch(/reserved/);
    // ...but the deleted user's email is free again
    await expect(addUser(sb.deps, acc.actor, { ...alice, userId: 'alice.w2' })).resolves.toMatchObject({
      state: 'enabled',
    });
  });

  it('allows the same User ID in another account', async () => {
    const one = await newAccount(sb);
    const two = await newAccount(sb);
    await addUser(sb.deps, one.actor, alice);
    await expect(addUser(sb.deps, two.actor, alice)).resolves.toMatchObject({ userId: 'alice.w' });
  });

  it('refuses an email another user of the account has, ignoring case', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await expectRefusal(
      addUser(sb.deps, acc.actor, { ...alice, userId: 'bob', email: 'ALICE.walker@example.COM' }),
      'USER.DUPLICATE_EMAIL',
      'email',
    );
  });

  it('names who holds a taken email, hints at an open invitation, and puts a taken User ID first', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'hal', email: 'hal@example.com', state: 'unconfirmed' });
    const refusal = await expectRefusal(
      addUser(sb.deps, acc.actor, { ...alice, email: 'HAL@example.com' }),
      'USER.DUPLICATE_EMAIL',
      'email',
    );
    expect(refusal.message).toBe(
      'HAL@example.com is already the email of hal (an open invitation: reinvite or cancel it instead); use a different email.',
    );
    const both = await expectRefusal(
      addUser(sb.deps, acc.actor, { ...alice, userId: 'Hal', email: 'hal@example.com' }),
      'USER.DUPLICATE_ID',
      'userId',
    );
    expect(both.message).toBe('User ID Hal is already taken; choose another.');
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account, userIdKey: 'alice.w' })).toBe(0);
  });

  it('names each bad field and changes nothing', async () => {
    const acc = await newAccount(sb);
    const refusal = await expectRefusal(
      addUser(sb.deps, acc.actor, {
        ...alice,
        userId: 'a b',
        email: 'not-an-email',
        phone: '703 555 0142',
        firstName: '',
      }),
      'VALIDATION.INVALID',
    );
    const byField = Object.fromEntries(refusal.fields.map((f) => [f.field, f.message]));
    expect(byField.userId).toMatch(/letters, digits/);
    expect(byField.email).toMatch(/not a valid address/);
    expect(byField.phone).toMatch(/country code/);
    expect(byField.firstName).toMatch(/required/);
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account.id })).toBe(1);
    const [audit] = (await auditOf('user.add')).filter((a) => a.accountId === acc.account.id);
    expect(audit).toMatchObject({ outcome: 'refused', errorCode: 'VALIDATION.INVALID' });
  });

  it('returns the version the database stored, so an edit right after it is not a conflict', async () => {
    const acc = await newAccount(sb);
    const user = await addUser(sb.deps, acc.actor, alice);
    const stored = await sb.orm.em.fork().findOneOrFail(PortalUser, { id: user.id });
    expect(user.version).toBe(stored.version);
    const edited = await editUser(sb.deps, acc.actor, { user: 'alice.w', expectedVersion: user.version, label: 'A' });
    expect(edited.version).toBe(user.version + 1);
  });

  it("turns the database's own refusal of a taken User ID, met when the change is written, into USER.DUPLICATE_ID; nothing is kept", async () => {
    const acc = await newAccount(sb);
    const refusal = runOperation(sb.deps, acc.actor, addUserOperation, alice, {
      // Another admin's add of the same User ID, landing after the check and before the write.
      beforeCommit: (em) =>
        em
          .persist(
            Object.assign(new PortalUser(), {
              ...alice,
              account: acc.account.id,
              userIdKey: 'alice.w',
              createdAt: new Date(),
            }),
          )
          .flush(),
    });
    await expectRefusal(refusal, 'USER.DUPLICATE_ID', 'userId');
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, userIdKey: 'alice.w' })).toBe(0);
    expect(await sb.orm.em.fork().count(OutboxMessage, { accountId: acc.account.id })).toBe(0);
    const audit = (await auditOf('user.add')).filter((a) => a.accountId === acc.account.id);
    expect(audit).toMatchObject([{ outcome: 'refused', errorCode: 'USER.DUPLICATE_ID' }]);
  });

  it('refuses an unknown site', async () => {
    const acc = await newAccount(sb);
    await expectRefusal(addUser(sb.deps, acc.actor, { ...alice, sites: ['9999999'] }), 'SITE.NOT_FOUND', 'sites');
  });

  it('is for Administrators only; the refusal is audited', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'reggie', email: 'reggie@example.com' }, 'regular');
    await expectRefusal(addUser(sb.deps, actor, alice), 'AUTH.FORBIDDEN');
    const refused = (await auditOf('user.add')).filter((a) => a.actorId === actor.userId);
    expect(refused).toMatchObject([{ outcome: 'refused', errorCode: 'AUTH.FORBIDDEN' }]);
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, userIdKey: 'alice.w' })).toBe(0);
  });

  it('refuses a disabled or unknown actor as not a portal user', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'gone', email: 'gone@example.com', state: 'disabled' });
    await expectRefusal(addUser(sb.deps, actor, alice), 'AUTH.NOT_PORTAL_USER');
    await expectRefusal(
      addUser(sb.deps, { userId: '00000000-0000-4000-8000-000000000000', platform: 'teams' }, alice),
      'AUTH.NOT_PORTAL_USER',
    );
  });
});

describe('user edit and permissions', () => {
  it('edits profile fields, audits before and after', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    const edited = await editUser(sb.deps, acc.actor, {
      user: 'ALICE.WALKER@example.com',
      lastName: 'Smith',
      phone: '+44 20 7946 0958',
    });
    expect(edited).toMatchObject({ lastName: 'Smith', phone: '+442079460958', firstName: 'Alice' });
    const [audit] = await auditOf('user.edit', edited.id);
    expect(audit!.before).toMatchObject({ lastName: 'Walker' });
    expect(audit!.after).toMatchObject({ lastName: 'Smith' });
  });

  it('refuses a stale form: an edit made after another admin changed the user', async () => {
    const acc = await newAccount(sb);
    const user = await addUser(sb.deps, acc.actor, alice);
    const { actor: other } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    await editUser(sb.deps, other, { user: 'alice.w', expectedVersion: user.version, firstName: 'Alicia' });
    await expectRefusal(
      editUser(sb.deps, acc.actor, { user: 'alice.w', expectedVersion: user.version, lastName: 'Jones' }),
      'USER.CONFLICT',
    );
    const now = await showUser(sb.deps, acc.actor, { user: 'alice.w' });
    expect(now).toMatchObject({ firstName: 'Alicia', lastName: 'Walker' });
  });

  it('keeps both of two concurrent edits of different fields', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    const { actor: other } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const results = await Promise.allSettled([
      editUser(sb.deps, acc.actor, { user: 'alice.w', firstName: 'Alicia' }),
      editUser(sb.deps, other, { user: 'alice.w', phone: '+17035550199' }),
    ]);
    const final = await showUser(sb.deps, acc.actor, { user: 'alice.w' });
    // Each edit either landed or was refused with USER.CONFLICT; none vanished silently.
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') expect((result.reason as { code: string }).code).toBe('USER.CONFLICT');
      else expect(final).toMatchObject(i === 0 ? { firstName: 'Alicia' } : { phone: '+17035550199' });
    }
  });

  it('refuses an edit to an email or User ID another user has', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await expectRefusal(
      editUser(sb.deps, acc.actor, { user: 'alice.w', email: 'ADMIN1@example.com' }),
      'USER.DUPLICATE_EMAIL',
      'email',
    );
    await expectRefusal(
      editUser(sb.deps, acc.actor, { user: 'alice.w', userId: 'Admin1' }),
      'USER.DUPLICATE_ID',
      'userId',
    );
  });

  it('sets permissions by preset or field by field, and site access', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    let user = await setPermissions(sb.deps, acc.actor, { user: 'alice.w', role: 'support' });
    expect(user.permissions).toMatchObject({ invoices: 'hide', orders: 'hide', services: 'manage', tickets: 'manage' });
    expect(user.role).toBe('support');
    user = await setPermissions(sb.deps, acc.actor, {
      user: 'alice.w',
      permissions: { accessAllSites: false, fortinetSso: 'full' },
      sites: ['Little River'],
    });
    expect(user.permissions).toMatchObject({ accessAllSites: false, fortinetSso: 'full', services: 'manage' });
    expect(user.sites.map((s) => s.accountNumber)).toEqual(['3992460']);
    await expectRefusal(
      // Deliberately not a valid input: the schema refuses it.
      setPermissions(sb.deps, acc.actor, { user: 'alice.w', permissions: { invoices: 'manage' } } as never),
      'VALIDATION.INVALID',
      'permissions.invoices',
    );
  });

  it('refuses to demote the last enabled Administrator, and allows it when another exists', async () => {
    const acc = await newAccount(sb);
    await expectRefusal(setPermissions(sb.deps, acc.actor, { user: 'admin1', role: 'regular' }), 'USER.LAST_ADMIN');
    await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    await expect(setPermissions(sb.deps, acc.actor, { user: 'admin1', role: 'regular' })).resolves.toMatchObject({
      role: 'regular',
    });
  });
});

describe('enable, disable, delete, restore', () => {
  it('walks a user through the states; delete keeps the record', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    expect(await disableUser(sb.deps, acc.actor, { user: 'alice.w' })).toMatchObject({ state: 'disabled' });
    const again = await expectRefusal(disableUser(sb.deps, acc.actor, { user: 'alice.w' }), 'USER.INVALID_STATE');
    expect(again.message).toBe('alice.w is disabled already; nothing changed.');
    expect(await enableUser(sb.deps, acc.actor, { user: 'alice.w' })).toMatchObject({ state: 'enabled' });
    expect(await deleteUser(sb.deps, acc.actor, { user: 'alice.w' })).toMatchObject({ state: 'deleted' });
    const stored = await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'alice.w' });
    expect(stored.deletedAt).not.toBeNull();
    expect(await restoreUser(sb.deps, acc.actor, { user: 'alice.w' })).toMatchObject({ state: 'disabled' });
    const actions = (
      await sb.orm.em
        .fork()
        .find(AuditEvent, { targetId: stored.id, outcome: 'success' }, { orderBy: { createdAt: 'asc' } })
    ).map((a) => a.action);
    expect(actions).toEqual(['user.add', 'user.disable', 'user.enable', 'user.delete', 'user.restore']);
  });

  it('a refused change of state says what to do instead, for the state the user is in', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await addActor(sb, acc, { userId: 'invitee', email: 'invitee@example.com', state: 'unconfirmed' }, 'regular');
    const refusal = async (change: typeof disableUser, user: string) =>
      (await expectRefusal(change(sb.deps, acc.actor, { user }), 'USER.INVALID_STATE')).message;

    expect(await refusal(enableUser, 'alice.w')).toBe('alice.w is enabled already; nothing changed.');
    expect(await refusal(disableUser, 'invitee')).toBe(
      'invitee is unconfirmed, so it cannot be disabled. To withdraw their invitation use `invite cancel invitee`.',
    );
    expect(await refusal(enableUser, 'invitee')).toMatch(/cannot be enabled\. .*`reinvite invitee`\.$/);
    await deleteUser(sb.deps, acc.actor, { user: 'alice.w' });
    expect(await refusal(deleteUser, 'alice.w')).toBe('alice.w is deleted already; nothing changed.');
    expect(await refusal(disableUser, 'alice.w')).toBe(
      'alice.w is deleted, so it cannot be disabled. Only enabled users can be disabled.',
    );
    expect(await refusal(enableUser, 'alice.w')).toMatch(
      /cannot be enabled\. Restore them first with `user restore alice\.w`/,
    );
  });

  it('a user not found is pointed to `users all` and, since that leaves them out, to `users deleted`', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await deleteUser(sb.deps, acc.actor, { user: 'alice.w' });
    const nobody = await expectRefusal(showUser(sb.deps, acc.actor, { user: 'nobody' }), 'USER.NOT_FOUND', 'user');
    expect(nobody.message).toBe(
      `No user "nobody" in ${acc.account.name}; give a User ID or email (see \`users all\`, or \`users deleted\` for deleted users).`,
    );
    // A deleted user keeps their User ID, but their email no longer finds them.
    expect(await showUser(sb.deps, acc.actor, { user: 'alice.w' })).toMatchObject({ state: 'deleted' });
    const byEmail = await expectRefusal(disableUser(sb.deps, acc.actor, { user: alice.email }), 'USER.NOT_FOUND');
    expect(byEmail.message).toMatch(
      /A deleted user's email no longer finds them: give their User ID \(see `users deleted`\)\.$/,
    );
  });

  it("disabling revokes the user's open password links", async () => {
    const acc = await newAccount(sb);
    const user = await addUser(sb.deps, acc.actor, alice);
    await disableUser(sb.deps, acc.actor, { user: 'alice.w' });
    const links = await sb.orm.em.fork().find(PasswordLink, { user: user.id });
    expect(links.every((l) => l.revokedAt !== null)).toBe(true);
  });

  it('refuses to restore a user whose email someone else took meanwhile', async () => {
    const acc = await newAccount(sb);
    await addUser(sb.deps, acc.actor, alice);
    await deleteUser(sb.deps, acc.actor, { user: 'alice.w' });
    await addUser(sb.deps, acc.actor, { ...alice, userId: 'alice.new' });
    await expectRefusal(restoreUser(sb.deps, acc.actor, { user: 'alice.w' }), 'USER.DUPLICATE_EMAIL');
  });

  it('nobody deletes or disables themselves', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    await expectRefusal(deleteUser(sb.deps, acc.actor, { user: 'admin1' }), 'USER.SELF_ACTION');
    await expectRefusal(disableUser(sb.deps, acc.actor, { user: 'admin1' }), 'USER.SELF_ACTION');
  });

  it('the last enabled Administrator cannot be disabled or deleted', async () => {
    const acc = await newAccount(sb);
    const { actor: other } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    await disableUser(sb.deps, acc.actor, { user: 'admin2' });
    await enableUser(sb.deps, acc.actor, { user: 'admin2' });
    await setPermissions(sb.deps, acc.actor, { user: 'admin2', role: 'regular' });
    // admin2 is no longer an Administrator, so cannot act at all:
    await expectRefusal(deleteUser(sb.deps, other, { user: 'admin1' }), 'AUTH.FORBIDDEN');
    // a disabled Administrator does not count as another enabled one:
    const { user: third } = await addActor(sb, acc, {
      userId: 'admin3',
      email: 'admin3@example.com',
      state: 'disabled',
    });
    expect(third.administrator).toBe(true);
    const { actor: fourth } = await addActor(sb, acc, { userId: 'admin4', email: 'admin4@example.com' });
    await deleteUser(sb.deps, fourth, { user: 'admin1' });
    await expectRefusal(deleteUser(sb.deps, acc.actor, { user: 'admin4' }), 'AUTH.NOT_PORTAL_USER');
    const fifth = await addActor(
      sb,
      acc,
      { userId: 'admin5', email: 'admin5@example.com', administrator: false },
      'regular',
    );
    await expectRefusal(disableUser(sb.deps, fourth, { user: 'admin4' }), 'USER.SELF_ACTION');
    expect(fifth.user.administrator).toBe(false);
  });

  it('two admins disabling each other at once leave one enabled Administrator', async () => {
    const acc = await newAccount(sb);
    const { actor: other } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const results = await Promise.allSettled([
      disableUser(sb.deps, acc.actor, { user: 'admin2' }),
      disableUser(sb.deps, other, { user: 'admin1' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, administrator: true, state: 'enabled' }),
    ).toBe(1);
  });

  it('refuses an unknown user with USER.NOT_FOUND naming it', async () => {
    const acc = await newAccount(sb);
    const refusal = await expectRefusal(enableUser(sb.deps, acc.actor, { user: 'nobody' }), 'USER.NOT_FOUND', 'user');
    expect(refusal.message).toContain('nobody');
  });
});

describe('users list', () => {
  it('lists by state with paging and a plain-text search', async () => {
    const acc = await newAccount(sb);
    for (let i = 1; i <= 5; i++) {
      await addUser(sb.deps, acc.actor, {
        ...alice,
        userId: `user_${i}`,
        email: `u${i}@example.com`,
        firstName: `Name${i}`,
        lastName: i % 2 ? 'Odd' : 'Even',
      });
    }
    await disableUser(sb.deps, acc.actor, { user: 'user_2' });
    await deleteUser(sb.deps, acc.actor, { user: 'user_3' });
    expect((await listUsers(sb.deps, acc.actor, {})).total).toBe(5); // admin1 + 4 non-deleted
    expect((await listUsers(sb.deps, acc.actor, { state: 'disabled' })).items.map((u) => u.userId)).toEqual(['user_2']);
    expect((await listUsers(sb.deps, acc.actor, { state: 'deleted' })).items.map((u) => u.userId)).toEqual(['user_3']);
    const page = await listUsers(sb.deps, acc.actor, { state: 'enabled', page: 2, pageSize: 2 });
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect((await listUsers(sb.deps, acc.actor, { search: 'name5 odd' })).items.map((u) => u.userId)).toEqual([
      'user_5',
    ]);
    // `_` and `%` are plain characters, not wildcards
    expect((await listUsers(sb.deps, acc.actor, { search: 'user_' })).total).toBe(4);
    expect((await listUsers(sb.deps, acc.actor, { search: '%' })).total).toBe(0);
    await expectRefusal(listUsers(sb.deps, acc.actor, { state: 'gone' }), 'VALIDATION.INVALID', 'state');
  });

  it('is for Administrators only', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'viewer', email: 'viewer@example.com' }, 'read-only');
    await expectRefusal(listUsers(sb.deps, actor, {}), 'AUTH.FORBIDDEN');
  });
});
