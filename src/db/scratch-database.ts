import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { DatabaseConfig } from '../config.js';

/**
 * A throw-away database of the same kind as `like`: a temporary SQLite file, or a new
 * PostgreSQL database on the same server. Used by tests and by the migration generator.
 */
export async function createScratchDatabase(
  like: DatabaseConfig,
): Promise<{ database: DatabaseConfig; drop(): Promise<void> }> {
  if (like.driver === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-'));
    return {
      database: { driver: 'sqlite', path: join(dir, 'test.db') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `switchboard_scratch_${randomBytes(6).toString('hex')}`;
  const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
  const admin = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: like.url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: 1 },
  });
  await admin.em.getConnection().execute(`create database "${name}"`);
  const url = new URL(like.url);
  url.pathname = `/${name}`;
  return {
    database: { driver: 'postgresql', url: url.toString() },
    drop: async () => {
      await admin.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
      await admin.close(true);
    },
  };
}
