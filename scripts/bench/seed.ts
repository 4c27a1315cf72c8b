/**
 * The benchmark's database: a SQLite file with the migrations applied, the demo account, and N extra
 * portal users in that account (User IDs perf00000…), inserted in one transaction with a prepared
 * statement. The user search index (FTS5) is kept by the migration's triggers.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadDemoData } from '../../src/app/demo-data.js';
import { openDatabase } from '../../src/db/orm.js';

const FIRST = ['Alice', 'Bruno', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ivan', 'Jorge', 'Keiko', 'Liam'];
const LAST = ['Nguyen', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Yilmaz'];
const DOMAINS = ['example.com', 'example.org', 'corp.example.net', 'mail.example.com'];
/** Mostly enabled; some waiting for their first sign-in, a few disabled. */
const STATES = ['enabled', 'enabled', 'enabled', 'enabled', 'enabled', 'enabled', 'enabled', 'unconfirmed', 'disabled'];
const LEVELS = ['hide', 'view', 'manage'];

/** The little of better-sqlite3 (MikroORM's SQLite driver, no type declarations installed) used here. */
export interface Sqlite {
  pragma(text: string): unknown;
  prepare(sql: string): { run(params: object): unknown; get(...params: unknown[]): unknown };
  transaction(fn: () => void): () => void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
  options?: { readonly?: boolean },
) => Sqlite;

/** The benchmark's database file, opened with better-sqlite3 (read-only to read what a run left). */
export const openSqlite = (path: string, options: { readonly?: boolean } = {}): Sqlite => new Database(path, options);

export const perfUserId = (n: number) => `perf${String(n).padStart(5, '0')}`;

export interface Seeded {
  path: string;
  users: number;
  ms: number;
}

/** The i-th extra user's columns; varied names, emails, states and permissions. */
function row(i: number, accountId: string, createdAt: unknown) {
  const first = FIRST[(i * 7) % FIRST.length]!;
  const last = LAST[(i * 13) % LAST.length]!;
  const userId = perfUserId(i);
  const email = `${first}.${last}.${i}@${DOMAINS[i % DOMAINS.length]}`.toLowerCase();
  return {
    id: randomUUID(),
    account_id: accountId,
    user_id: userId,
    user_id_key: userId.toLowerCase(),
    label: `${first} ${last}`,
    first_name: first,
    last_name: last,
    email,
    email_key: email,
    phone: i % 3 === 0 ? `+1703555${String(i % 10_000).padStart(4, '0')}` : null,
    state: STATES[i % STATES.length]!,
    invoices: i % 5 === 0 ? 'view' : 'hide',
    orders: LEVELS[i % 3]!,
    services: LEVELS[(i + 1) % 3]!,
    tickets: LEVELS[(i + 2) % 3]!,
    access_all_sites: i % 4 === 0 ? 1 : 0,
    created_at: createdAt,
  };
}

/** Creates `dir`/bench.db and fills it; returns how long it took. */
export async function seedDatabase(dir: string, users: number): Promise<Seeded> {
  const started = performance.now();
  const path = join(dir, 'bench.db');
  const orm = await openDatabase({ driver: 'sqlite', path });
  const { account } = await loadDemoData(orm);
  await orm.close(true);
  const db = openSqlite(path);
  try {
    db.pragma('journal_mode = WAL');
    // Dates exactly as the ORM stored the demo users'.
    const demo = db.prepare('select created_at from portal_users where account_id = ? limit 1').get(account.id) as {
      created_at: unknown;
    };
    const columns = Object.keys(row(0, account.id, demo.created_at));
    const insert = db.prepare(
      `insert into portal_users (${columns.join(', ')}, updated_at, administrator, fortinet_sso, meraki_sso, ` +
        `velo_sso, version) values (${columns.map((c) => `@${c}`).join(', ')}, @created_at, 0, 'off', 'off', 'off', 1)`,
    );
    db.transaction(() => {
      for (let i = 0; i < users; i++) insert.run(row(i, account.id, demo.created_at));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return { path, users, ms: performance.now() - started };
}
