import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/domain/tokens.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { acceptInvitation, completePasswordReset } from '../../src/services/links/completion.js';
import { mintLinkToken } from '../../src/services/links/tokens.js';
import { requestPasswordResets } from '../../src/services/links/password-resets.js';
import { listAuditEvents } from '../../src/services/audit-log.js';
import { expectRefusal } from '../support/expect.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const TABLES = [
  'accounts',
  'sites',
  'portal_users',
  'portal_user_sites',
  'invitations',
  'password_links',
  'link_tokens',
  'chat_identities',
  'audit_events',
  'outbox_messages',
];

/** Every row of every table, as text. */
async function everyRow(): Promise<string> {
  const connection = sb.orm.em.fork().getConnection();
  const rows: unknown[] = [];
  for (const table of TABLES) rows.push(...(await connection.execute(`select * from ${table}`)));
  return JSON.stringify(rows);
}

/** The database's own files, WAL included, when it is SQLite. */
function databaseFiles(): Buffer[] {
  if (sb.database.driver !== 'sqlite') return [];
  const dir = dirname(sb.database.path);
  return readdirSync(dir).map((name) => readFileSync(join(dir, name)));
}

describe('secrets at rest and in logs', () => {
  it('no token or password appears in clear in the database, the audit table or the logs', async () => {
    const acc = await newAccount(sb);
    const invitation = await inviteUser(sb.deps, acc.actor, {
      email: 'kim@example.com',
      firstName: 'Kim',
      lastName: 'Lee',
    });
    const signup = (await mintLinkToken(sb.deps, 'invitation', invitation.id))!.token;
    const firstPassword = 'amber kettle seventeen rivers';
    await expectRefusal(acceptInvitation(sb.deps, { token: signup, password: 'too short' }), 'PASSWORD.TOO_SHORT');
    await acceptInvitation(sb.deps, { token: signup, password: firstPassword });
    await expectRefusal(acceptInvitation(sb.deps, { token: signup, password: firstPassword }), 'TOKEN.INVALID');

    await requestPasswordResets(sb.deps, acc.actor, { users: ['kim@example.com'] });
    const linkId = (
      (await sb.orm.em
        .fork()
        .getConnection()
        .execute('select id from password_links where revoked_at is null and used_at is null')) as { id: string }[]
    )[0]!.id;
    const reset = (await mintLinkToken(sb.deps, 'password', linkId))!.token;
    const secondPassword = 'granite pelican under winter sky';
    await completePasswordReset(sb.deps, { token: reset, password: secondPassword });
    await sb.orm.em
      .fork()
      .getConnection()
      .execute(sb.database.driver === 'sqlite' ? 'pragma wal_checkpoint(FULL)' : 'checkpoint');

    const secrets = [signup, reset, firstPassword, secondPassword, 'too short'];
    const rows = await everyRow();
    const audit = JSON.stringify((await listAuditEvents(sb.deps, acc.actor, { pageSize: 100 })).items);
    const logs = sb.logs.join('\n');
    expect(audit).toContain('invite.accept');
    expect(logs).toContain('refused');
    for (const secret of secrets) {
      expect(rows).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
      for (const file of databaseFiles()) expect(file.includes(secret)).toBe(false);
    }
    // what is stored is the token's hash, so a stolen database cannot be replayed as links
    expect(rows).toContain(hashToken(reset));
    expect(rows).toMatch(/scrypt\$32768\$8\$1\$/);
    if (sb.database.driver === 'sqlite') expect(databaseFiles().length).toBeGreaterThan(0);
  });
});
