import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseConfig } from '../../../src/config.js';

/**
 * Databases written by release 0.1.0 (MikroORM 6, commit dbd7eca): its demo data, an invitation,
 * a reset link, a disabled user, a pending approval, audit events, outbox rows and a Slack link.
 * Made by that release's own code, so that an upgrade is tested against what users really have.
 */
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/upgrade');

/** Restores the 0.1.0 database into the scratch database, as that release left it. */
export async function restoreFixture(database: DatabaseConfig): Promise<void> {
  if (database.driver === 'sqlite') {
    copyFileSync(join(fixtures, 'switchboard-0.1.0.db'), database.path);
    return;
  }
  // pg_dump's output minus psql's own meta-commands (\restrict), run on one connection of its own.
  const dump = readFileSync(join(fixtures, 'switchboard-0.1.0.postgres.sql'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(dump);
  } finally {
    await client.end();
  }
}
