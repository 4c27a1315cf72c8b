import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerProblems, readLedger } from '../../scripts/bench/ledger.js';
import { openSqlite, seedDatabase } from '../../scripts/bench/seed.js';

/** What the database holds: `users` added, each with its audit event, link and email unless said otherwise. */
const counts = (users: number, over: Partial<ReturnType<typeof base>> = {}) => ({ ...base(users), ...over });
const base = (users: number) => ({
  users,
  withOneAuditEvent: users,
  withOneSetupLink: users,
  withOneSetupEmail: users,
  emailsSent: 0,
  pendingRequests: 0,
  pendingUserIds: 0,
  addedBeforeApproval: 0,
});
const sent = (answered: number, more: { submitted?: number; replays?: number; held?: number } = {}) => ({
  answered,
  submitted: more.submitted ?? answered,
  replays: more.replays ?? 0,
  held: more.held ?? 0,
});
const held = (n: number) => ({ pendingRequests: n, pendingUserIds: n });

describe("the benchmark's user add ledger", () => {
  it('adds up when every answered submission made one user with its audit event, link and email', () => {
    expect(ledgerProblems(sent(40), counts(40))).toEqual([]);
    // A replay adds no user; an Administrator's add leaves a pending request and no user.
    expect(ledgerProblems(sent(100, { replays: 2, held: 2 }), counts(96, held(2)))).toEqual([]);
    // A failed submission may have added its user all the same (a timeout after the commit).
    expect(ledgerProblems(sent(38, { submitted: 40 }), counts(39))).toEqual([]);
  });

  it('says what is missing or extra', () => {
    expect(ledgerProblems(sent(40), counts(39))).toEqual([
      '39 users added where 40 submissions (0 of them replays, 0 held for approval) should have added 40',
    ]);
    expect(ledgerProblems(sent(38, { submitted: 40 }), counts(41))).toEqual([
      '41 users added where 40 submissions (0 of them replays, 0 held for approval) should have added 38 to 40',
    ]);
    // A replay that added a second user.
    expect(ledgerProblems(sent(100, { replays: 2 }), counts(99))).toEqual([
      '99 users added where 100 submissions (2 of them replays, 0 held for approval) should have added 98',
    ]);
    expect(ledgerProblems(sent(40), counts(40, { withOneAuditEvent: 39, withOneSetupEmail: 38 }))).toEqual([
      'users without exactly one audit event of their add: 1 of 40',
      'users without exactly one setup email: 2 of 40',
    ]);
  });

  it('says when a change held for approval was not held once, or was carried out anyway', () => {
    // Two requests for one User ID: the same submission held twice.
    expect(ledgerProblems(sent(50, { held: 2 }), counts(48, { pendingRequests: 2, pendingUserIds: 1 }))).toEqual([
      '2 approval requests pending, for 1 User IDs, where 2 submissions adding an Administrator should have left one each',
    ]);
    expect(ledgerProblems(sent(50, { held: 1 }), counts(50, { ...held(1), addedBeforeApproval: 1 }))).toEqual([
      '50 users added where 50 submissions (0 of them replays, 1 held for approval) should have added 49',
      'users added while their request waits for approval: 1',
    ]);
  });

  describe('read from a database', () => {
    let dir: string;
    let path: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'switchboard-ledger-'));
      path = (await seedDatabase(dir, 3)).path;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('counts only the measured run’s users, and finds one that came without its audit event, link or email', () => {
      expect(readLedger(path, 'addm2sx', sent(0))).toMatchObject({ users: 0, pendingRequests: 0, problems: [] });
      // A seeded user renamed into the scenario's User IDs: a user added with nothing else written.
      const db = openSqlite(path);
      db.prepare(
        `update portal_users set user_id = 'addm2sx7', user_id_key = 'addm2sx7' where user_id_key = 'perf00001'`,
      ).run({});
      db.close();
      const ledger = readLedger(path, 'addm2sx', sent(1));
      expect(ledger).toMatchObject({ users: 1, withOneAuditEvent: 0, withOneSetupLink: 0, withOneSetupEmail: 0 });
      expect(ledger.problems).toEqual([
        'users without exactly one audit event of their add: 1 of 1',
        'users without exactly one setup link: 1 of 1',
        'users without exactly one setup email: 1 of 1',
      ]);
    });

    it('counts the pending requests to add the run’s User IDs, and a user added while one waits', () => {
      const db = openSqlite(path);
      const request = db.prepare(
        `insert into approval_requests (id, account_id, operation_name, operation_input, reason, preview,
           requester_id, platform, state, required, decisions, created_at, expires_at, reminders_sent, version)
         select @id, account_id, @operation, @input, 'administrators', '{}', id, 'slack', @state, 1, '[]',
           created_at, created_at, 0, 1
         from portal_users where user_id_key = 'perf00002'`,
      );
      const ask = (id: string, userId: string, operation = 'user.add', state = 'pending') =>
        request.run({ id, operation, state, input: JSON.stringify({ userId }) });
      ask('r1', 'addm2sx7'); // its user exists (renamed above): added while its request waits
      ask('r2', 'addm2sx9');
      ask('r3', 'addw1sx9'); // a warm-up's, not counted
      ask('r4', 'addm2sx10', 'user.add', 'approved'); // decided, not pending
      ask('r5', 'addm2sx11', 'user.delete'); // another operation
      db.close();
      expect(readLedger(path, 'addm2sx', sent(3, { held: 2 }))).toMatchObject({
        pendingRequests: 2,
        pendingUserIds: 2,
        addedBeforeApproval: 1,
      });
    });
  });
});
