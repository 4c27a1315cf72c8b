import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseConfig } from '../config.js';
import { entities } from '../domain/entities/index.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

interface SqliteHandle {
  pragma(statement: string): unknown;
}

function migrationOptions(folder: 'sqlite' | 'postgres', migrationsList: MigrationObject[]): Options['migrations'] {
  return {
    tableName: 'mikro_orm_migrations',
    path: `src/db/migrations/${folder}`,
    migrationsList,
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
    emit: 'ts',
  };
}

/** MikroORM options for a database; used by the app, the tests and the MikroORM CLI. */
export function ormOptions(database: DatabaseConfig, debug = false): Options {
  const common = {
    entities,
    extensions: [Migrator],
    debug,
    forceUndefined: false,
    allowGlobalContext: false,
  } satisfies Options;

  if (database.driver === 'sqlite') {
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName: database.path,
      pool: {
        min: 1,
        max: 1,
        afterCreate(connection: SqliteHandle, done: (error: Error | null, connection: SqliteHandle) => void) {
          if (database.path !== ':memory:') connection.pragma('journal_mode = WAL');
          connection.pragma('busy_timeout = 5000');
          connection.pragma('foreign_keys = ON');
          done(null, connection);
        },
      },
      migrations: migrationOptions('sqlite', sqliteMigrations),
    } as Options;
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    pool: { min: 0, max: 10 },
    migrations: migrationOptions('postgres', postgresMigrations),
  } as Options;
}

/** Connects and applies pending migrations. */
export async function openDatabase(
  database: DatabaseConfig,
  options: { migrate?: boolean; debug?: boolean; onMigrated?: (names: string[]) => void } = {},
): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(database, options.debug ?? false));
  if (options.migrate ?? true) {
    try {
      const applied = await orm.getMigrator().up();
      if (applied.length > 0) options.onMigrated?.(applied.map((m) => m.name));
    } catch (error) {
      await orm.close(true);
      throw error;
    }
  }
  return orm;
}
