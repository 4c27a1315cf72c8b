import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseConfig } from '../config.js';
import { StartupError } from '../lib/startup-error.js';
import type { SqliteConnection } from '@mikro-orm/sqlite';
import { explainOpenError } from './open-errors.js';
import { refreshPlannerStatistics } from './planner-statistics.js';
import { cacheStatements } from './statement-cache.js';
import { entities } from '../domain/entities/index.js';
import { postgresMigrations } from './migrations/postgres/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

type OrmOptions = Partial<Options>;

function migrationOptions(folder: 'sqlite' | 'postgres', migrationsList: MigrationObject[]): OrmOptions['migrations'] {
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

/**
 * MikroORM options for a database; used by the app, the tests and the MikroORM CLI. Only the
 * driver in use is loaded: a SQLite run never loads the PostgreSQL client, nor the reverse.
 */
export async function ormOptions(database: DatabaseConfig, debug = false): Promise<OrmOptions> {
  const common = {
    entities,
    extensions: [Migrator],
    debug,
    forceUndefined: false,
    allowGlobalContext: false,
    // What this keeps in step, the other side of a reference to one entity when an entity made with
    // `new` is given one, no reference here has (test/db/entity-properties.test.ts); and with it on,
    // the first write of each property of such an entity defines a getter and a setter on it: two
    // closures a property, 6% of the bytes a `user add` allocates.
    propagationOnPrototype: false,
    // A database that does not exist is an operator's mistake to report, not one to paper over.
    ensureDatabase: false,
    // The schema the committed migrations built (MikroORM 6 derived these rules from `cascade`).
    // rate_limits belongs to rate-limiter-flexible (src/http/rate-limit.ts), not to an entity;
    // portal_users_search (FTS5 and its own tables on SQLite, a trigram-indexed table on PostgreSQL)
    // is the user search index, portal_user_counts the users per account and state and
    // account_data_versions each account's data version (services/read-cache.ts), all kept by
    // triggers the migrations make (no entity declares triggers);
    // sqlite_stat* hold SQLite's planner statistics.
    schemaGenerator: {
      defaultUpdateRule: 'cascade',
      skipTables: [
        'rate_limits',
        'portal_user_counts',
        'account_data_versions',
        /^portal_users_search/,
        /^sqlite_stat/,
      ],
      ignoreTriggers: true,
    },
  } satisfies OrmOptions;

  if (database.driver === 'sqlite') {
    return {
      ...common,
      driver: (await import('./bound-sqlite-driver.js')).BoundParamsSqliteDriver,
      dbName: database.path,
      // better-sqlite3's own option: wait up to 5 s for a lock held by another connection.
      driverOptions: { timeout: 5_000 },
      migrations: migrationOptions('sqlite', sqliteMigrations),
    };
  }
  return {
    ...common,
    driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver,
    clientUrl: database.url,
    pool: { min: 0, max: 10 },
    migrations: migrationOptions('postgres', postgresMigrations),
  };
}

/** The embedded default's folder is made; a folder named by DATABASE_URL must exist (a typo is not a new database). */
function prepareSqliteFolder(database: DatabaseConfig): void {
  if (database.driver !== 'sqlite' || database.path === ':memory:') return;
  const folder = dirname(database.path);
  if (existsSync(folder)) return;
  if (database.embedded) mkdirSync(folder, { recursive: true });
  else {
    throw new StartupError(
      `DATABASE_URL: the folder ${folder} does not exist; create it (mkdir -p ${folder}) or point DATABASE_URL at an existing folder`,
    );
  }
}

/** WAL pages that make a commit checkpoint (see openDatabase). */
export const WAL_CHECKPOINT_PAGES = 4096;

/** SQLite's page cache for a database file, as `pragma cache_size` takes it: negative, in KiB (2 MB). */
export const SQLITE_PAGE_CACHE_KIB = -2000;

/** Connects, puts SQLite in WAL mode, applies pending migrations, and refreshes SQLite's planner statistics. */
export async function openDatabase(
  database: DatabaseConfig,
  options: { migrate?: boolean; debug?: boolean; onMigrated?: (names: string[]) => void } = {},
): Promise<MikroORM> {
  prepareSqliteFolder(database);
  const settings = await ormOptions(database, options.debug ?? false);
  const orm = await MikroORM.init(settings).catch((error: unknown) =>
    Promise.reject(explainOpenError(error, database)),
  );
  try {
    await orm.em.getConnection().execute('select 1');
    if (database.driver === 'sqlite' && database.path !== ':memory:') {
      await orm.em.getConnection().execute('pragma journal_mode = WAL');
      // SQLite's advice for WAL: a commit survives the process crashing (the WAL is written before
      // the commit returns) and the file is never corrupted; only a power cut or an OS crash may
      // lose the last commits. FULL syncs the disk at every commit: 0.4 ms of a blocked event loop
      // for each once-only claim, each change and each outbox step.
      await orm.em.getConnection().execute('pragma synchronous = NORMAL');
      // The commit that takes the WAL past this many pages copies it back into the database file and
      // syncs both, blocking the event loop meanwhile: at SQLite's 1,000 that was 4-8 ms every few
      // dozen changes, half the time all commits took. At 4,096 (a WAL of up to 16 MB) the syncs come
      // a quarter as often: a user add's commit 290 -> 240 µs on average, its p99 4.7 -> 0.7 ms.
      await orm.em.getConnection().execute(`pragma wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      // better-sqlite3 raises SQLite's page cache from 2 MB to 16 MB a connection, and a server
      // under load fills it: as much resident memory again as the database file (measured with
      // `npm run bench`: 21 to 33 MB less at 100,000 users with SQLite's own 2 MB, 10 at 10,000,
      // for a search 5 to 10% more CPU, its p99 still under 3 ms). The operating system caches
      // the file as well, so a page not held here is a copy, not a disk read.
      await orm.em.getConnection().execute(`pragma cache_size = ${SQLITE_PAGE_CACHE_KIB}`);
    }
    if (options.migrate ?? true) {
      const applied = await orm.migrator.up();
      if (applied.length > 0) options.onMigrated?.(applied.map((m) => m.name));
    }
    if (database.driver === 'sqlite') {
      await refreshPlannerStatistics(orm);
      cacheStatements(await (orm.em.getConnection() as SqliteConnection).getNativeClient());
    }
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw explainOpenError(error, database);
  }
  return orm;
}
