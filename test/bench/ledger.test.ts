import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerProblems, readLedger } from '../../scripts/bench/ledger.js';
import { openSqlite, seedDatabase } from '../../scripts/bench/seed.js';

const counts = (users: number, audited = users, links = users, emails = users) => ({
  users,
  withOneAuditEvent: audited,
  withOneSetupLink: links,
  withOneSetupEmail: emails,
  emailsSent: 0,
});

describe("the benchmark's user add ledger", () => {
  it('adds up when every answered submission made one user with its audit event, link and email', () => {
    expect(ledgerProblems({ answered: 40, submitted: 40, replays: 0 }, counts(40))).toEqual([]);
    // A replay adds no user.
    expect(ledgerProblems({ answered: 100, submitted: 100, replays: 2 }, counts(98))).toEqual([]);
    // A failed submission may have added its user all the same (a timeout after the commit).
    expect(ledgerProblems({ answered: 38, submitted: 40, replays: 0 }, counts(39))).toEqual([]);
  });

  it('says what is missing or extra', () => {
    expect(ledgerProblems({ answered: 40, submitted: 40, replays: 0 }, counts(39))).toEqual([
      '39 users added where 40 submissions (0 of them replays) should have added 40',
    ]);
    expect(ledgerProblems({ answered: 38, submitted: 40, replays: 0 }, counts(41))).toEqual([
      '41 users added where 40 submissions (0 of them replays) should have added 38 to 40',
    ]);
    // A replay that added a second user.
    expect(ledgerProblems({ answered: 100, submitted: 100, replays: 2 }, counts(99))).toEqual([
      '99 users added where 100 submissions (2 of them replays) should have added 98',
    ]);
    expect(ledgerProblems({ answered: 40, submitted: 40, replays: 0 }, counts(40, 39, 40, 38))).toEqual([
      'users without exactly one audit event of their add: 1 of 40',
      'users without exactly one setup email: 2 of 40',
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
      expect(readLedger(path, { answered: 0, submitted: 0, replays: 0 })).toMatchObject({ users: 0, problems: [] });
      // A seeded user renamed into the scenario's User IDs: a user added with nothing else written.
      const db = openSqlite(path);
      db.prepare(`update portal_users set user_id_key = 'addm2sx7' where user_id_key = 'perf00001'`).run({});
      db.close();
      const ledger = readLedger(path, { answered: 1, submitted: 1, replays: 0 });
      expect(ledger).toMatchObject({ users: 1, withOneAuditEvent: 0, withOneSetupLink: 0, withOneSetupEmail: 0 });
      expect(ledger.problems).toEqual([
        'users without exactly one audit event of their add: 1 of 1',
        'users without exactly one setup link: 1 of 1',
        'users without exactly one setup email: 1 of 1',
      ]);
    });
  });
});
