import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '../config.js';
import { Account } from '../domain/entities/account.js';
import type { Logger } from '../lib/logger.js';
import { firstAdministrator, loadDemoData } from './demo-data.js';

/**
 * Start-up's look at an empty database. Demo data goes only into the embedded default (no
 * DATABASE_URL), and only when it is empty; a database an operator named gets it only on purpose
 * (`npm run cli -- demo`), and start-up says how to create its first Administrator instead.
 * Returns the demo Administrator's User ID when the demo data was loaded.
 */
export async function prepareEmptyDatabase(
  { orm }: { orm: MikroORM },
  database: DatabaseConfig,
  logger: Logger,
): Promise<{ demoAdministrator: string | null }> {
  if ((await orm.em.fork().count(Account, {})) > 0) return { demoAdministrator: null };
  if (database.driver === 'sqlite' && database.embedded) {
    const { account, created } = await loadDemoData(orm);
    const demoAdministrator = (await firstAdministrator(orm))?.userId ?? null;
    logger.info(
      `the database was empty: loaded the demo account "${account.name}" ` +
        `(${created.users} users, ${created.sites} sites)`,
    );
    return { demoAdministrator };
  }
  logger.warn(
    'the database has no accounts yet: create the first Administrator with `npm run cli -- admin create ' +
      '--account NAME --user-id ID --email EMAIL --first FIRST --last LAST` ' +
      '(or load the demo account on purpose with `npm run cli -- demo`)',
  );
  return { demoAdministrator: null };
}
