import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRunner } from '../../src/app/import-runner.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { createLogger } from '../../src/lib/logger.js';
import { HEADER } from '../imports/support/csv.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
let runner: ImportRunner;
let stamps = 0;
beforeAll(async () => {
  h = await SlackHarness.start();
  runner = new ImportRunner(h.sb.deps, createLogger('silent'), { intervalMs: 50 });
  runner.start();
});
afterAll(async () => {
  await runner?.stop();
  await h?.close();
});

/** chat.postMessage as Slack answers it: a user id as the channel posts into the app's DM with them (D...). */
function answerPosts(): void {
  h.fake.answer('chat.postMessage', (args) => ({
    ok: true,
    channel: String(args.channel).startsWith('U') ? `D${String(args.channel)}` : args.channel,
    ts: `18100${String(++stamps).padStart(5, '0')}.000100`,
  }));
}

const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** Waits until `check` holds (the import runs in the background), settling the adapter's work each time. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await h.settle();
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('users import and export in Slack', () => {
  it('export: the CSV is uploaded into the asker’s DM, after the acknowledgement, with no secret', async () => {
    h.fake.reset();
    answerPosts();
    const { acc, person } = await h.admin();
    const reply = await h.ask(person, 'users export');
    expect(reply.text).toMatch(/Exported 2 users \(all\) to users-all-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv/);
    expect(JSON.stringify(reply.blocks)).toContain('The file is sent to you in your direct messages with Switchboard.');
    expect(JSON.stringify(reply.blocks)).not.toContain('User ID,');
    expect(h.fake.callsOf('conversations.open').map((c) => c.args.users)).toEqual([person.id]);
    const [upload] = h.fake.uploads;
    // Slack's upload URL takes the bytes as multipart form data.
    expect(upload?.content).toContain('User ID,User Label,First Name,Last Name,Email,Phone,Role,');
    expect(upload?.content).toContain(`sl-`);
    const shared = h.fake.callsOf('files.completeUploadExternal')[0]!;
    expect(shared.args.channel_id).toBe(`D${person.id}`);
    expect(shared.token).toBe('xoxb-test-token');
    expect(acc.account.id).toBeTruthy();
  });

  it('import: the form takes a CSV, fetched with the bot token; a preview with the wrong rows; Import runs it with its progress updated in the DM', async () => {
    h.fake.reset();
    answerPosts();
    const { acc, person } = await h.admin();
    h.fake.files.set('F0PEOPLE', {
      name: 'people.csv',
      content: [
        HEADER,
        'slk1,Ann,One,ann.slk@example.com,+17035550121,regular,,no',
        'slk2,Ben,Two,ben.slk@example.com,+1703555,regular,,no',
        'slk3,Cat,Three,cat.slk@example.com,+17035550123,read-only,,yes',
      ].join('\r\n'),
    });
    const opened = await h.openForm(person, 'users import');
    const input = (opened.view.blocks as any[]).find((b) => b.element?.type === 'file_input');
    expect(input.element).toMatchObject({ action_id: 'file', filetypes: ['csv'], max_files: 1 });
    const submitted = await h.submit(person, opened, { file: ['F0PEOPLE'] });
    expect(submitted.status).toBe(200);
    await h.settle();
    expect(h.fake.downloads).toEqual([{ fileId: 'F0PEOPLE', token: 'xoxb-test-token' }]);
    const preview = h.fake.responsesTo(opened.responseId).at(-1)!.body as any;
    expect(preview.text).toMatch(/^Import preview: 2 users to import from people\.csv/);
    const shown = JSON.stringify(preview.blocks);
    expect(shown).toContain('3 rows in people.csv: 2 to add, 0 to update, 1 wrong.');
    expect(shown).toMatch(/\b3\b.*Phone/);
    expect(await h.sb.orm.em.fork().count(PortalUser, { account: acc.account.id })).toBe(2);

    const importButton = buttons(preview.blocks).find((b: any) => b.text.text === 'Import 2 users');
    expect(importButton.confirm.title.text).toBe('Import users?');
    await h.click(person, importButton);
    await until(
      async () => (await h.sb.orm.em.fork().count(PortalUser, { account: acc.account.id })) === 4,
      'the import',
    );
    await until(
      () => h.fake.callsOf('chat.update').some((c) => String(c.args.text).includes('finished')),
      'the summary',
    );
    // The progress message went to the DM, and was replaced in place with the summary.
    const progress = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === person.id);
    expect(progress).toHaveLength(1);
    const updates = h.fake.callsOf('chat.update');
    expect(updates.every((u) => u.args.channel === `D${person.id}` && u.args.ts === progress[0]!.result!.ts)).toBe(
      true,
    );
    expect(String(updates.at(-1)!.args.text)).toMatch(/^Import of people\.csv finished: 2 users added/);
    // The row that was wrong, as a file in the same DM.
    const failed = h.fake.uploads.find((u) => u.content.includes('slk2'))!;
    expect(failed.content).toMatch(/Line,Error/);
    expect(failed.content).toMatch(/slk2,Ben,Two,ben\.slk@example\.com,\+1703555,.*,3,.*Phone/);
  });

  it('a path is refused (only the console reads files on the server), and a missing file says so', async () => {
    const { person } = await h.admin();
    const path = await h.ask(person, 'users import /etc/passwd');
    expect(path.text).toMatch(/A path names a file on the Switchboard server, which only its console reads/);
    const opened = await h.openForm(person, 'users import');
    const none = await h.submit(person, opened, { file: [] });
    expect(JSON.stringify(none.body)).toContain('Choose one CSV file');
  });
});
