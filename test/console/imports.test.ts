import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRunner } from '../../src/app/import-runner.js';
import { localFile } from '../../src/console/files.js';
import { ConsoleSession } from '../../src/console/session.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { createLogger } from '../../src/lib/logger.js';
import { HEADER } from '../imports/support/csv.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { ScriptedIO, type Answer } from './support/scripted-io.js';

let sb: TestSwitchboard;
let runner: ImportRunner;
let acc: TestAccount;
const dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
const exportsDir = join(dir, 'exports');
beforeAll(async () => {
  sb = await startTestSwitchboard();
  runner = new ImportRunner(sb.deps, createLogger('silent'), { intervalMs: 50 });
  runner.start();
  acc = await newAccount(sb, 'Imports');
});
afterAll(async () => {
  await runner?.stop();
  await sb?.close();
});

/** A console session of the account's Administrator that types `lines` and exits; what it showed, on one line. */
async function typed(lines: Answer[]): Promise<string> {
  const io = new ScriptedIO([...lines, 'exit']);
  const session = new ConsoleSession({
    ctx: { deps: sb.deps, actor: { userId: acc.admin.id, platform: 'console' }, localFile, fileById: localFile },
    io,
    identity: { userId: 'admin1', name: 'Ada Admin', account: 'Imports', administrator: true },
    logger: sb.deps.logger,
    exportsDir,
  });
  await session.run();
  return io.transcript.replace(/\s+/g, ' ');
}

const users = () => sb.orm.em.fork().find(PortalUser, { account: acc.account.id }, { orderBy: { userId: 'asc' } });

describe('users import and export at the console', () => {
  it('previews a file with its wrong rows, imports on confirm with a summary, and writes the failed rows', async () => {
    const path = join(dir, 'office.csv');
    writeFileSync(
      path,
      [
        HEADER,
        'cons1,Carla,One,carla@example.com,+17035550111,regular,Herndon HQ,no',
        'cons2,Dev,Two,not-an-email,+17035550112,regular,,no',
        'cons3,Eve,Three,eve@example.com,+17035550113,read-only,,yes',
        'CONS1,Fay,Four,fay@example.com,+17035550114,regular,,no',
        'cons5,Gus,Five,gus@example.com,+17035550115,support,,no',
      ].join('\n'),
    );
    const shown = await typed([`users import ${path}`]);
    expect(shown).toMatch(/Import preview [0-9a-f]{8}/);
    expect(shown).toMatch(/5 rows in office\.csv: 3 to add, 0 to update, 2 wrong\./);
    expect(shown).toMatch(/3 \s*Email/);
    expect(shown).toMatch(/5 \s*User ID/);
    expect(shown).toMatch(/Nothing has changed yet\./);
    expect((await users()).map((u) => u.userId)).toEqual(['admin1']);
    const id = /users import confirm ([0-9a-f]{8})/.exec(shown)![1]!;

    const done = await typed([`users import confirm ${id}`]);
    expect(done).toMatch(/Importing 3 users \(import [0-9a-f]{8}\)\. Its progress follows here\./);
    expect(done).toMatch(/Import of office\.csv finished ─+ 3 users added, 0 updated, 0 unchanged, 0 failed\./);
    expect(done).toMatch(/Wrong in the file \(skipped\): 2/);
    expect((await users()).map((u) => u.userId)).toEqual(['admin1', 'cons1', 'cons3', 'cons5']);
    // The wrong rows, in a file of their own with their lines and errors, to fix and import again.
    const failed = /file: (\S+-failed-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv)/.exec(done)![1]!;
    const csv = readFileSync(failed, 'utf8');
    expect(csv).toMatch(/^User ID,.*Line,Error/);
    expect(csv).toMatch(/cons2,Dev,Two,not-an-email.*,3,/);
    expect(csv).toMatch(/CONS1,.*,5,/);

    const again = await typed([`users import confirm ${id}`]);
    expect(again).toMatch(/✗/);
    expect((await users()).length).toBe(4);
  });

  it('the form asks for a path; a missing file or a stray path is refused saying what to do', async () => {
    const missing = await typed(['users import /no/such/file.csv']);
    expect(missing).toMatch(/There is no file \/no\/such\/file\.csv/);
    const path = join(dir, 'one.csv');
    writeFileSync(path, `${HEADER}\ncons9,Hal,Nine,hal@example.com,+17035550119,regular,,no\n`);
    const viaForm = await typed(['users import', path]);
    expect(viaForm).toMatch(/CSV file \(a path on this machine\)/);
    expect(viaForm).toMatch(/1 row in one\.csv: 1 to add/);
    const cancelled = await typed([`users import cancel ${/users import cancel ([0-9a-f]{8})/.exec(viaForm)![1]}`]);
    expect(cancelled).toMatch(/cancelled; nothing was imported/);
  });

  it('users export writes the CSV under the exports folder, with no secret, that imports back unchanged', async () => {
    const shown = await typed(['users export enabled']);
    expect(shown).toMatch(/Exported 4 users \(enabled\)/);
    const file = /file: (\S+\.csv)/.exec(shown)![1]!;
    expect(readdirSync(exportsDir)).toContain(file.split('/').pop());
    const csv = readFileSync(file, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^User ID,User Label,First Name,Last Name,Email,Phone,Role,/);
    expect(csv).toMatch(/cons3,cons3,Eve,Three,eve@example.com/);
    expect(csv).not.toMatch(/scrypt|password_hash|token/i);
    const back = await typed([`users import ${file}`]);
    expect(back).toMatch(/4 rows in .*: 0 to add, 4 to update \(4 of them unchanged\), 0 wrong\./);

    // A second export within the same minute is a new file beside the first, which stays as it was.
    const again = /file: (\S+\.csv)/.exec(await typed(['users export enabled']))![1]!;
    expect(again).toBe(file.replace(/\.csv$/, '-2.csv'));
    expect(readFileSync(file, 'utf8')).toBe(csv);
    expect(statSync(again).mode & 0o777).toBe(0o600);
  });
});
