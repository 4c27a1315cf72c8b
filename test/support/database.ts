import type { DatabaseConfig } from '../../src/config.js';
import { parseDatabaseUrl } from '../../src/config.js';

/**
 * The database the persistence and service tests run on: SQLite by default, or the server
 * in TEST_DATABASE_URL (`.ci/run` sets postgres://postgres@127.0.0.1:5432/test). Each test
 * file gets its own scratch database on it.
 */
export function testDatabaseKind(): DatabaseConfig {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { driver: 'sqlite', path: ':memory:' };
  const parsed = parseDatabaseUrl(url);
  if (typeof parsed === 'string') throw new Error(`TEST_DATABASE_URL: ${parsed}`);
  return parsed;
}
