import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ImportRow } from '../../src/domain/entities/import-row.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { prepareImport } from '../../src/services/imports/prepare.js';
import { importPreviewReply } from '../../views/replies/import-replies.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

const HEADER = 'User ID,First Name,Last Name,Email,Phone,Role,Administrator,Sites,Invoices';
const origin = { platform: 'slack' as const, channel: 'D123' };

describe('users import: the preview', () => {
  it('names the line, column and problem of every kind of wrong row, and changes nothing', async () => {
    const acc = await newAccount(sb);
    await addActor(sb, acc, { userId: 'gone', email: 'gone@example.com', state: 'deleted' }, 'regular');
    await addActor(sb, acc, { userId: 'taken', email: 'taken@example.com' }, 'regular');
    const csv = [
      HEADER,
      'amy,Amy,Adams,amy@example.com,+1 703 555 0101,regular,no,Herndon HQ,',
      'bob,Bob,Brown,not-an-email,+1 703 555 0102,,,,',
      'cat,Cat,Cole,cat@example.com,555-0103,,,,',
      'dan,Dan,Dale,dan@example.com,+1 703 555 0104,boss,,,',
      'eve,Eve,East,eve@example.com,+1 703 555 0105,,may\u0007be,,',
      'fay,Fay,Ford,fay@example.com,+1 703 555 0106,,,Nowhere; 3992460,',
      'AMY,Amy,Again,AMY2@example.com,+1 703 555 0107,,,,',
      'gus,Gus,Gray,Amy@Example.com,+1 703 555 0108,,,,',
      'gone,Gone,Again,gone2@example.com,+1 703 555 0109,,,,',
      'hal,Hal,Hill,taken@example.com,+1 703 555 0110,,,,',
      '"ivy","Ivy, Jr.","I\nvy",ivy@example.com,+1 703 555 0111,,,,',
      'joe,Jo,Jones,jo@example.com,+1 703 555 0112,,,,never',
    ].join('\r\n');
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'users.csv', content: csv, origin });
    expect(preview).toMatchObject({ fileName: 'users.csv', state: 'preview', total: 12, toAdd: 1, invalid: 11 });
    expect(preview.errors).toEqual([
      { line: 3, column: 'Email', message: 'Email is not a valid address; use the form name@example.com' },
      { line: 4, column: 'Phone', message: 'Phone must start with the country code, e.g. +1 703 555 0100' },
      { line: 5, column: 'Role', message: 'Role must be admin, regular, read-only or support' },
      {
        line: 6,
        column: 'Administrator',
        // A cell quoted back is shown printable only (here a BEL character).
        message:
          'Administrator must be yes or no (or true/false, 1/0), not "may\uFFFDbe"; leave it blank for the default.',
      },
      {
        line: 7,
        column: 'Sites',
        message: `No site "Nowhere" in ${acc.account.name}; give a site's account number or name.`,
      },
      { line: 8, column: 'User ID', message: 'User ID AMY is also on line 2; give each user once.' },
      {
        line: 9,
        column: 'Email',
        message: 'Email Amy@Example.com is also on line 2; each user needs their own email.',
      },
      {
        line: 10,
        column: 'User ID',
        message:
          'User ID gone belongs to a deleted user and stays reserved; choose another User ID, or restore that user first.',
      },
      { line: 11, column: 'Email', message: 'taken@example.com is already the email of taken; use a different email.' },
      {
        line: 12,
        column: 'Last Name',
        message: 'Last Name must not contain control characters such as tabs or line breaks; type the name on one line',
      },
      { line: 14, column: 'Invoices', message: 'Invoices must be hide, pay or view' },
    ]);
    const em = sb.orm.em.fork();
    expect(await em.count(PortalUser, { account: acc.account.id })).toBe(3);
    expect(await em.count(AuditEvent, { accountId: acc.account.id })).toBe(0);
    expect(await em.count(OutboxMessage, { accountId: acc.account.id })).toBe(0);
    expect(await em.count(ImportRow, { batch: preview.id })).toBe(12);
  });

  it('refuses a header with an unknown column or without a required one, naming it', async () => {
    const acc = await newAccount(sb);
    const csv = 'user id,FIRSTNAME,Last Name,E-mail,Colour\namy,Amy,Adams,amy@example.com,red\n';
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'bad.csv', content: csv, origin });
    expect(preview).toMatchObject({ total: 1, invalid: 1, toAdd: 0 });
    // Said for every platform: the console takes a path, nothing is uploaded there.
    const reply = importPreviewReply(preview);
    expect(reply.blocks).toContainEqual({
      type: 'text',
      text: 'There is nothing to import: fix the file and import it again.',
    });
    const expected =
      'User ID, User Label, First Name, Last Name, Email, Phone, Role, Administrator, Access All Sites, Sites, ' +
      'Invoices, Orders, Services, Tickets, Fortinet, Meraki, Velo, Send Setup Email';
    expect(preview.errors).toEqual([
      {
        line: 1,
        column: 'E-mail',
        message: `Unknown column "E-mail"; the columns are ${expected} (State, Line and Error are ignored). Rename it or remove it.`,
      },
      {
        line: 1,
        column: 'Colour',
        message: `Unknown column "Colour"; the columns are ${expected} (State, Line and Error are ignored). Rename it or remove it.`,
      },
      { line: 1, column: 'Email', message: `Column Email is missing; it is required. The columns are ${expected}.` },
      { line: 1, column: 'Phone', message: `Column Phone is missing; it is required. The columns are ${expected}.` },
    ]);
  });

  it('sees an existing user as an update, and one that changes nothing as unchanged', async () => {
    const acc = await newAccount(sb);
    await addActor(
      sb,
      acc,
      { userId: 'rita', email: 'rita@example.com', firstName: 'Rita', lastName: 'Reed' },
      'regular',
    );
    const csv = `${HEADER}\nRITA,Rita,Reed,rita@example.com,+17035550100,regular,,,\nnew,New,Admin,new@example.com,+17035550111,admin,,,\n`;
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'u.csv', content: csv, origin });
    expect(preview).toMatchObject({ toAdd: 1, toUpdate: 1, invalid: 0, administrators: 1, sendsEmails: 1 });
    expect(preview.errors).toEqual([]);
  });

  it('is for Administrators only', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'reg', email: 'reg@example.com' }, 'regular');
    await expect(prepareImport(sb.deps, actor, { fileName: 'u.csv', content: HEADER, origin })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
  });

  it('matches headers ignoring case and spaces, and explicit permission columns override the role', async () => {
    const acc = await newAccount(sb);
    const csv =
      'userid,FIRST NAME,last name,email,phone,Role,Invoices,Fortinet SSO,Access All Sites,State\n' +
      'pat,Pat,Park,pat@example.com,+17035550101,Read Only,Pay,Full,yes,enabled\n';
    const preview = await prepareImport(sb.deps, acc.actor, { fileName: 'p.csv', content: csv, origin });
    expect(preview).toMatchObject({ toAdd: 1, invalid: 0, errors: [] });
    const row = await sb.orm.em.fork().findOneOrFail(ImportRow, { batch: preview.id });
    expect(row.input).toMatchObject({
      user: {
        userId: 'pat',
        role: 'read-only',
        permissions: { invoices: 'pay', fortinetSso: 'full', accessAllSites: true },
        sendSetupEmail: true,
      },
      given: { role: true, label: false, sites: false, phone: true },
    });
  });
});
