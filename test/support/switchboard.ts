import { ApprovalEvents } from '../../src/services/approvals/events.js';
import { ReviewEvents } from '../../src/services/reviews/events.js';
import { ImportEvents } from '../../src/services/imports/events.js';
import { AccountReadCache } from '../../src/services/read-cache.js';
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '../../src/db/orm.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import type { DatabaseConfig } from '../../src/config.js';
import { createLogger } from '../../src/lib/logger.js';
import { Account } from '../../src/domain/entities/account.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { Site } from '../../src/domain/entities/site.js';
import { permissionsFor } from '../../src/domain/permissions.js';
import type { Actor, ServiceDeps } from '../../src/services/context.js';
import { testDatabaseKind } from './database.js';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(private time = new Date('2026-11-25T10:00:00.000Z').getTime()) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface TestSwitchboard {
  deps: ServiceDeps;
  orm: MikroORM;
  clock: TestClock;
  database: DatabaseConfig;
  /** Every log line written, as text. */
  logs: string[];
  close(): Promise<void>;
}

/** A migrated scratch database (SQLite or TEST_DATABASE_URL's server) with services over it. */
export async function startTestSwitchboard(): Promise<TestSwitchboard> {
  const scratch = await createScratchDatabase(testDatabaseKind());
  const orm = await openDatabase(scratch.database);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = new TestClock();
  const logger = createLogger('debug', sink);
  const deps: ServiceDeps = {
    orm,
    clock,
    logger,
    approvalEvents: new ApprovalEvents(logger),
    reviewEvents: new ReviewEvents(logger),
    importEvents: new ImportEvents(logger),
    // As the server has it: every test that changes data and reads it back checks the cache follows.
    readCache: new AccountReadCache(),
    settings: { inviteTtlMs: 7 * DAY, resetTtlMs: 12 * HOUR, publicBaseUrl: 'https://switchboard.test' },
  };
  return {
    deps,
    orm,
    clock,
    logs,
    database: scratch.database,
    async close() {
      await orm.close(true);
      await scratch.drop();
    },
  };
}

let counter = 0;

export interface TestAccount {
  account: Account;
  admin: PortalUser;
  /** The admin acting from Slack. */
  actor: Actor;
  sites: Site[];
}

/** A fresh account with one enabled Administrator and two sites, so tests do not share state. */
export async function newAccount(
  sb: TestSwitchboard,
  name = `Account ${++counter} ${Math.random().toString(36).slice(2, 8)}`,
): Promise<TestAccount> {
  const em = sb.orm.em.fork();
  const now = sb.clock.now();
  const account = Object.assign(new Account(), { name, createdAt: now });
  const sites = [
    Object.assign(new Site(), {
      account,
      name: 'Herndon HQ',
      accountNumber: '3418205',
      city: 'HERNDON',
      state: 'VA',
      createdAt: now,
    }),
    Object.assign(new Site(), {
      account,
      name: 'Little River',
      accountNumber: '3992460',
      city: 'LITTLE RIVER',
      state: 'SC',
      createdAt: now,
    }),
  ];
  const admin = makeUser(
    account,
    { userId: 'admin1', email: 'admin1@example.com', firstName: 'Ada', lastName: 'Admin' },
    now,
  );
  em.persist([account, ...sites, admin]);
  await em.flush();
  return { account, admin, sites, actor: { userId: admin.id, platform: 'slack' } };
}

/** A user row written directly, for arranging a test's starting state. */
export function makeUser(
  account: Account,
  fields: Partial<PortalUser> & { userId: string; email: string },
  now: Date,
  role: 'admin' | 'regular' | 'read-only' | 'support' = 'admin',
): PortalUser {
  return Object.assign(new PortalUser(), {
    account,
    label: fields.userId,
    firstName: 'Test',
    lastName: 'User',
    phone: '+17035550100',
    state: 'enabled',
    createdAt: now,
    updatedAt: now,
    ...permissionsFor(role),
    ...fields,
    userIdKey: fields.userId.toLowerCase(),
    emailKey: fields.state === 'deleted' ? null : fields.email.toLowerCase(),
  });
}

/** Adds a user to an account and returns an actor for them. */
export async function addActor(
  sb: TestSwitchboard,
  acc: TestAccount,
  fields: Partial<PortalUser> & { userId: string; email: string },
  role: 'admin' | 'regular' | 'read-only' | 'support' = 'admin',
): Promise<{ user: PortalUser; actor: Actor }> {
  const em = sb.orm.em.fork();
  const user = makeUser(em.getReference(Account, acc.account.id), fields, sb.clock.now(), role);
  em.persist(user);
  await em.flush();
  return { user, actor: { userId: user.id, platform: 'slack' } };
}
