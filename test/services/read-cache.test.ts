import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { writeRows } from '../../src/db/sql-rows.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { Site } from '../../src/domain/entities/site.js';
import type { ServiceDeps } from '../../src/services/context.js';
import { AccountReadCache } from '../../src/services/read-cache.js';
import { listUsers, showUser } from '../../src/services/users/query.js';
import { expectRefusal } from '../support/expect.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** The same services with a cache of their own (or none): what a read must agree with. */
const withCache = (cache?: AccountReadCache): ServiceDeps => ({ ...sb.deps, readCache: cache });

/** A change made some way the cache is never told of: entities, or SQL as someone's script would. */
type Change =
  | { kind: 'rename-user'; pick: number; name: string }
  | { kind: 'state'; pick: number; state: 'enabled' | 'disabled' }
  | { kind: 'add-user'; name: string }
  | { kind: 'delete-row'; pick: number }
  | { kind: 'rename-site'; site: 0 | 1; name: string }
  | { kind: 'link-site'; pick: number; site: 0 | 1 }
  | { kind: 'unlink-sites'; pick: number }
  | { kind: 'rename-account'; name: string };

const name = fc.stringMatching(/^[A-Z][a-z]{1,8}$/);
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('rename-user' as const), pick: fc.nat(), name }),
  fc.record({ kind: fc.constant('state' as const), pick: fc.nat(), state: fc.constantFrom('enabled', 'disabled') }),
  fc.record({ kind: fc.constant('add-user' as const), name }),
  fc.record({ kind: fc.constant('delete-row' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename-site' as const), site: fc.constantFrom(0, 1), name }),
  fc.record({ kind: fc.constant('link-site' as const), pick: fc.nat(), site: fc.constantFrom(0, 1) }),
  fc.record({ kind: fc.constant('unlink-sites' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename-account' as const), name }),
);

let serial = 0;

async function apply(acc: Awaited<ReturnType<typeof newAccount>>, c: Change): Promise<void> {
  const em = sb.orm.em.fork();
  // Never the acting Administrator: the reads must still be allowed.
  const others = await em.find(
    PortalUser,
    { account: acc.account.id, userId: { $ne: 'admin1' } },
    {
      orderBy: { userId: 'asc' },
    },
  );
  const pick = (n: number) => others[n % Math.max(others.length, 1)];
  const site = (n: 0 | 1) => acc.sites[n]!.id;
  switch (c.kind) {
    case 'rename-user': {
      const user = pick(c.pick);
      if (user) await writeRows(em, sql`update portal_users set first_name = ${c.name} where id = ${user.id}`);
      return;
    }
    case 'state': {
      const user = pick(c.pick);
      if (user) Object.assign(user, { state: c.state });
      await em.flush();
      return;
    }
    case 'add-user': {
      const userId = `p${++serial}`;
      await addActor(sb, acc, { userId, email: `${userId}@example.com`, firstName: c.name }, 'regular');
      return;
    }
    case 'delete-row': {
      const user = pick(c.pick);
      if (user) await writeRows(em, sql`delete from portal_users where id = ${user.id}`);
      return;
    }
    case 'rename-site':
      await writeRows(em, sql`update sites set name = ${c.name} where id = ${site(c.site)}`);
      return;
    case 'link-site': {
      const user = pick(c.pick);
      if (!user) return;
      await em.populate(user, ['sites']);
      if (!user.sites.getItems().some((s) => s.id === site(c.site)))
        user.sites.add(em.getReference(Site, site(c.site)));
      await em.flush();
      return;
    }
    case 'unlink-sites': {
      const user = pick(c.pick);
      if (user) await writeRows(em, sql`delete from portal_user_sites where portal_user_id = ${user.id}`);
      return;
    }
    case 'rename-account':
      await writeRows(em, sql`update accounts set name = ${c.name} where id = ${acc.account.id}`);
      return;
  }
}

describe('reads kept while the account is unchanged (account_data_versions, by triggers)', () => {
  it('property: after any changes, made any way, a cached read says what a fresh read says', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 8 }), async (changes) => {
        const acc = await newAccount(sb);
        const cache = new AccountReadCache();
        const read = (deps: ServiceDeps) =>
          Promise.all([
            listUsers(deps, acc.actor, { pageSize: 50 }),
            listUsers(deps, acc.actor, { state: 'disabled' }),
            showUser(deps, acc.actor, { user: 'admin1' }),
          ]);
        await read(withCache(cache)); // kept before the changes
        for (const c of changes) {
          await apply(acc, c);
          expect(await read(withCache(cache))).toEqual(await read(withCache()));
        }
      }),
      { numRuns: 15 },
    );
  });

  it('serves an unchanged page again without reading it, frozen; any change reads it afresh', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'bob', email: 'bob@example.com' }, 'regular');
    const deps = withCache(new AccountReadCache());
    const first = await listUsers(deps, acc.actor, {});
    const again = await listUsers(deps, acc.actor, {});
    expect(again.items).toBe(first.items);
    expect(Object.isFrozen(first.items[0]!.permissions)).toBe(true);
    expect((await listUsers(deps, acc.actor, { pageSize: 1 })).items).not.toBe(first.items); // another question
    await addActor(sb, acc, { userId: 'carol', email: 'carol@example.com' }, 'regular');
    const after = await listUsers(deps, acc.actor, {});
    expect(after.items).not.toBe(first.items);
    expect(after.items.map((u) => u.userId)).toContain('carol');
  });

  it('an actor disabled behind its back is refused at once, though their row was kept', async () => {
    const acc = await newAccount(sb);
    const deps = withCache(new AccountReadCache());
    await listUsers(deps, acc.actor, {});
    await writeRows(sb.orm.em.fork(), sql`update portal_users set state = 'disabled' where id = ${acc.admin.id}`);
    await expectRefusal(listUsers(deps, acc.actor, {}), 'AUTH.NOT_PORTAL_USER');
  });

  it('two processes on one database: a change through one is seen by the other’s cache', async () => {
    const acc = await newAccount(sb);
    const other = await openDatabase(sb.database);
    try {
      const here = withCache(new AccountReadCache());
      const there: ServiceDeps = { ...sb.deps, orm: other, readCache: new AccountReadCache() };
      expect((await listUsers(there, acc.actor, {})).total).toBe(1);
      expect((await listUsers(here, acc.actor, {})).total).toBe(1);
      const em = other.em.fork();
      await writeRows(em, sql`update portal_users set last_name = 'Renamed' where id = ${acc.admin.id}`);
      expect((await listUsers(here, acc.actor, {})).items[0]!.lastName).toBe('Renamed');
      await addActor(sb, acc, { userId: 'dave', email: 'dave@example.com' }, 'regular');
      expect((await listUsers(there, acc.actor, {})).total).toBe(2);
    } finally {
      await other.close(true);
    }
  });
});
