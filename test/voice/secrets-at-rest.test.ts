import { ApprovalEvents } from '../../src/services/approvals/events.js';
import { ReviewEvents } from '../../src/services/reviews/events.js';
import { ImportEvents } from '../../src/services/imports/events.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/db/dialect.js';
import { openDatabase } from '../../src/db/orm.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { createLogger } from '../../src/lib/logger.js';
import type { ServiceDeps } from '../../src/services/context.js';
import { setVoicePassword, setVoicePin } from '../../src/services/voice/index.js';
import { expectRefusal } from '../support/expect.js';
import {
  DAY,
  HOUR,
  newAccount,
  startTestSwitchboard,
  TestClock,
  type TestSwitchboard,
} from '../support/switchboard.js';
import { addVoiceUser } from './support.js';

/** Distinctive secrets, so that finding one anywhere cannot be a coincidence. */
const TYPED_PIN = '58274619';
const TYPED_PASSWORD = 'Vm-Quokka-7391-Zephyr';
const REFUSED_PIN = '19470265'; // holds the extension 4702
const REFUSED_PASSWORD = 'NoDigitQuokkaZephyrPassword';

/** Sets a typed and a generated PIN and password, and tries two refused ones; returns the generated secrets. */
async function setSecrets(sb: TestSwitchboard, snapshot: () => Promise<string>): Promise<string[]> {
  const acc = await newAccount(sb);
  const voice = await addVoiceUser(sb, acc, { extension: '4702', phoneNumber: '+17039354702' });
  await setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: TYPED_PIN, confirmPin: TYPED_PIN });
  await setVoicePassword(sb.deps, acc.actor, {
    user: voice.id,
    password: TYPED_PASSWORD,
    confirmPassword: TYPED_PASSWORD,
  });
  await expectRefusal(setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: REFUSED_PIN }), 'PIN.CONTAINS_EXTENSION');
  await expectRefusal(
    setVoicePassword(sb.deps, acc.actor, { user: voice.id, password: REFUSED_PASSWORD }),
    'VOICE_PASSWORD.NO_DIGIT',
  );
  // A 6-digit PIN could match digits already stored (a phone number, a migration's name)
  // by chance; such a draw is not evidence either way, so it is drawn again.
  const generated: string[] = [];
  for (let attempt = 0; attempt < 5 && generated.length < 2; attempt++) {
    const before = await snapshot();
    const { pin } = await setVoicePin(sb.deps, acc.actor, { user: voice.id, generate: true });
    if (!before.includes(pin!)) generated.push(pin!);
  }
  const { password } = await setVoicePassword(sb.deps, acc.actor, { user: voice.id, generate: true });
  expect(generated.length).toBeGreaterThan(0);
  return [...generated, password!];
}

function expectNowhere(haystack: string, secrets: string[], where: string): void {
  for (const secret of secrets) expect(haystack.includes(secret), `${where} holds a secret in clear`).toBe(false);
}

async function auditText(em: EntityManager): Promise<string> {
  return JSON.stringify(await em.find(AuditEvent, {}));
}

describe('no PIN or password in clear: SQLite database file, audit table, logs', () => {
  let dir: string;
  let orm: MikroORM;
  const logs: string[] = [];
  let sb: TestSwitchboard;

  /** Every file of the database (main file, WAL, shared memory) as one text. */
  const fileText = async () =>
    readdirSync(dir)
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-secrets-'));
    const database = { driver: 'sqlite' as const, path: join(dir, 'switchboard.db') };
    orm = await openDatabase(database);
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const clock = new TestClock();
    const deps: ServiceDeps = {
      orm,
      clock,
      logger: createLogger('trace', sink),
      approvalEvents: new ApprovalEvents(createLogger('silent')),
      reviewEvents: new ReviewEvents(createLogger('silent')),
      importEvents: new ImportEvents(createLogger('silent')),
      settings: { inviteTtlMs: 7 * DAY, resetTtlMs: 12 * HOUR, publicBaseUrl: 'https://switchboard.test' },
    };
    sb = { deps, orm, clock, logs, database, close: async () => undefined };
  });
  afterAll(async () => {
    await orm?.close(true);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds neither the typed nor the generated secrets, nor refused ones, anywhere', async () => {
    const generated = await setSecrets(sb, fileText);
    const secrets = [TYPED_PIN, TYPED_PASSWORD, REFUSED_PIN, REFUSED_PASSWORD, ...generated];
    const audit = await auditText(orm.em.fork());
    expect(audit).toContain('voice.pin');
    expect(audit).toContain('PIN.CONTAINS_EXTENSION');
    expectNowhere(audit, secrets, 'the audit table');
    expect(logs.length).toBeGreaterThan(0);
    expectNowhere(logs.join('\n'), secrets, 'the logs');
    expectNowhere(await fileText(), secrets, 'the database files (with WAL)');
    await orm.close(true); // checkpoints the WAL into the main file
    const closed = await fileText();
    expect(closed).toContain('scrypt$'); // the hashes are there...
    expectNowhere(closed, secrets, 'the database file'); // ...and nothing else
  });
});

describe('no PIN or password in clear in any table of the test database (PostgreSQL when TEST_DATABASE_URL is set)', () => {
  let sb: TestSwitchboard;
  beforeAll(async () => {
    sb = await startTestSwitchboard();
  });
  afterAll(async () => sb?.close());

  /** Every row of every table, as text. */
  async function everyRow(): Promise<string> {
    const em = sb.orm.em.fork();
    const connection = em.getConnection();
    const postgres = isPostgres(em);
    const tables = postgres
      ? ((await connection.execute(
          `select table_name as name from information_schema.tables where table_schema = 'public'`,
        )) as { name: string }[])
      : ((await connection.execute(`select name from sqlite_master where type = 'table'`)) as { name: string }[]);
    const rows: string[] = [];
    for (const { name: table } of tables) {
      const sql = postgres ? `select row_to_json(t)::text as row from "${table}" t` : `select * from "${table}"`;
      rows.push(JSON.stringify(await connection.execute(sql)));
    }
    return rows.join('\n');
  }

  it('finds only hashes', async () => {
    const generated = await setSecrets(sb, everyRow);
    const rows = await everyRow();
    expect(rows).toContain('scrypt$');
    expectNowhere(rows, [TYPED_PIN, TYPED_PASSWORD, REFUSED_PIN, REFUSED_PASSWORD, ...generated], 'a table');
    expectNowhere(
      sb.logs.join('\n'),
      [TYPED_PIN, TYPED_PASSWORD, REFUSED_PIN, REFUSED_PASSWORD, ...generated],
      'the logs',
    );
  });
});
