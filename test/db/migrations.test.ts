import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { firstAdministrator, loadDemoData, DEMO_USERS } from '../../src/app/demo-data.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { Site } from '../../src/domain/entities/site.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

describe('database schema', () => {
  it('the committed migrations build exactly the schema the entities describe', async () => {
    const diff = await sb.orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim(), 'entities changed without a migration: run `npm run migration:create -- name`').toBe('');
  });

  it('opening again applies nothing twice', async () => {
    const again = await openDatabase(sb.database);
    try {
      expect(await again.migrator.getPending()).toEqual([]);
      expect((await again.migrator.getExecuted()).length).toBeGreaterThan(0);
    } finally {
      await again.close(true);
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL === undefined)(
    'SQLite files run in WAL mode with foreign keys on',
    async () => {
      const connection = sb.orm.em.fork().getConnection();
      expect(await connection.execute('pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await connection.execute('pragma foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    },
  );

  it('enforces unique User IDs per account in the database itself, not only in the services', async () => {
    await loadDemoData(sb.orm);
    const em = sb.orm.em.fork();
    const existing = await em.findOneOrFail(PortalUser, { userIdKey: 'astewart' }, { populate: ['account'] });
    const copy = Object.assign(new PortalUser(), {
      account: existing.account,
      userId: 'ASTEWART',
      userIdKey: 'astewart',
      label: 'x',
      firstName: 'x',
      lastName: 'x',
      email: 'copy@example.com',
      emailKey: 'copy@example.com',
    });
    await expect(em.persist(copy).flush()).rejects.toThrow(/unique/i);
  });
});

describe('demo data', () => {
  it('loads the account, sites and users of the reference documents; loading twice changes nothing', async () => {
    const first = await loadDemoData(sb.orm);
    const second = await loadDemoData(sb.orm);
    expect(
      Object.values(second.created).every((count) => count === 0),
      JSON.stringify(second.created),
    ).toBe(true);
    expect(second.account.id).toBe(first.account.id);
    const em = sb.orm.em.fork();
    const names = (await em.find(PortalUser, { account: first.account }, { orderBy: { userIdKey: 'asc' } })).map(
      (u) => u.name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'Alex Stewart',
        'Billy Fisher',
        'Cindy Burns',
        'Kyle Johnson',
        'Sama Taku',
        'Spider Man',
      ]),
    );
    expect(await em.count(PortalUser, { account: first.account })).toBe(DEMO_USERS.length);
    expect(await em.count(Site, { account: first.account })).toBeGreaterThanOrEqual(3);
    expect((await firstAdministrator(sb.orm))?.userId).toBe('astewart');
  });
});
