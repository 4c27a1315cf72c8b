import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/sqlite';
import { CompiledQuery } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/sqlite';
import { openDatabase } from '../../src/db/orm.js';
import { userPageSelect } from '../../src/services/users/user-rows.js';
import { accountWithUsers } from './support/many-users.js';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite's plan for a page of users of one account matching `search`, as listUsers asks for it. */
async function planOf(em: EntityManager, accountId: string, search: string): Promise<string> {
  const query = userPageSelect(em, { accountId, state: 'all', search, limit: 25, offset: 0 }).compile(em.getKysely());
  const explained = CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]);
  const { rows } = await em.getKysely().executeQuery<{ detail: string }>(explained);
  return rows.map((r) => r.detail).join(' | ');
}

describe.runIf(process.env.TEST_DATABASE_URL === undefined)('user search on a large SQLite account', () => {
  it('is answered from the search index, not by walking the account, once the planner has statistics', async () => {
    const path = join(dir, 'plan.db');
    let orm = (await openDatabase({ driver: 'sqlite', path })) as unknown as MikroORM;
    const account = await accountWithUsers(orm, 'Big', 'perf', 3000);
    await orm.close(true);
    // Opened again as the server opens it: the statistics are brought up to date.
    orm = (await openDatabase({ driver: 'sqlite', path })) as unknown as MikroORM;
    try {
      const plan = await planOf(orm.em.fork(), account.id, 'perf01234');
      expect(plan).toMatch(/VIRTUAL TABLE INDEX/);
      expect(plan).toMatch(/SEARCH u USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      expect(plan).not.toMatch(/portal_users_(state|list_order)_index/);
    } finally {
      await orm.close(true);
    }
  });
});
