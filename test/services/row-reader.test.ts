import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { rowReader } from '../../src/services/run-rows.js';
import { listUsers, showUser } from '../../src/services/users/query.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

describe('the lean read path reads through one kept entity manager', () => {
  it('forks none per read, and is one manager per ORM', async () => {
    const acc = await newAccount(sb);
    await listUsers(sb.deps, acc.actor, {});
    const fork = vi.spyOn(sb.orm.em, 'fork');
    try {
      await listUsers(sb.deps, acc.actor, { pageSize: 5 });
      await showUser(sb.deps, acc.actor, { user: 'admin1' });
      expect(fork).not.toHaveBeenCalled();
    } finally {
      fork.mockRestore();
    }
    expect(rowReader(sb.orm)).toBe(rowReader(sb.orm));
    expect(rowReader(sb.orm)).not.toBe(sb.orm.em);
  });

  it('holds no entities, so each read sees what others committed since', async () => {
    const acc = await newAccount(sb);
    const noCache = { ...sb.deps, readCache: undefined };
    expect((await listUsers(noCache, acc.actor, {})).total).toBe(1);
    await addActor(sb, acc, { userId: 'dora', email: 'dora@example.com', firstName: 'Dora' }, 'regular');
    const renamed = await sb.orm.em.fork().findOneOrFail(PortalUser, { userId: 'admin1', account: acc.account.id });
    const em = sb.orm.em.fork();
    em.assign(em.merge(renamed), { lastName: 'Renamed' });
    await em.flush();

    const page = await listUsers(noCache, acc.actor, {});
    expect(page.total).toBe(2);
    expect(page.items.map((u) => u.userId).sort()).toEqual(['admin1', 'dora']);
    expect((await showUser(noCache, acc.actor, { user: 'admin1' })).lastName).toBe('Renamed');
    expect(rowReader(sb.orm).getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });
});
