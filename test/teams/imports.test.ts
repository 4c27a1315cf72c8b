import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportRunner } from '../../src/app/import-runner.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { createLogger } from '../../src/lib/logger.js';
import { openDownload } from '../../src/services/downloads/downloads.js';
import { HEADER } from '../imports/support/csv.js';
import {
  actionsOf,
  cardText,
  executeActivity,
  invokeCard,
  messageActivity,
  startTeamsTest,
  type TeamsTest,
  type Where,
} from './support.js';

let t: TeamsTest;
let runner: ImportRunner;
beforeAll(async () => {
  t = await startTeamsTest();
  runner = new ImportRunner(t.sb.deps, createLogger('silent'), { intervalMs: 50 });
  runner.start();
});
afterAll(async () => {
  await runner?.stop();
  await t?.close();
});

const personal = (): Where => ({ connector: t.connector, from: t.admin });
const conversation = () => `conv-personal-${t.admin.id}`;
const idle = () => t.bot.bot.state.background.idle();
const users = () => t.sb.orm.em.fork().count(PortalUser, { account: t.acc.account.id });

/** Sends a message (with attachments) in Ada's 1:1 chat and waits for what it set going. */
async function say(text: string, attachments: Record<string, unknown>[] = []) {
  const response = await t.bot.post({ ...messageActivity(personal(), text), attachments });
  expect(response.status).toBe(200);
  await idle();
  return t.connector.postedTo(conversation()).at(-1)!.attachments[0].content;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await idle();
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The token of a private download link in a card, and the file behind it. */
async function downloadIn(card: unknown): Promise<{ title: string; content: string }> {
  const link = actionsOf(card).find((a) => a.type === 'Action.OpenUrl')!;
  expect(link.url).toMatch(/^https:\/\/switchboard\.test\/downloads\/[A-Za-z0-9_-]{43}$/);
  const file = await openDownload(t.sb.deps, link.url.split('/').pop());
  return { title: link.title, content: file!.content };
}

describe('users import and export in Teams', () => {
  it('export: a private download link in the reply, to the CSV', async () => {
    const card = await say('users export enabled');
    expect(cardText(card)).toContain('Exported 1 user (enabled)');
    expect(cardText(card)).toContain('works for 30 minutes');
    const file = await downloadIn(card);
    expect(file.title).toMatch(/^Download users-enabled-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv$/);
    expect(file.content).toMatch(/^User ID,User Label,First Name,/);
    expect(file.content).toContain('admin1@example.com');
  });

  it('import: a CSV attached to "users import" is previewed; Import runs it, its card updated in place to the summary', async () => {
    const none = await say('users import');
    expect(cardText(none)).toContain('Attach the CSV file to a message');

    const csv = [
      HEADER,
      'tms1,Ann,One,ann.tms@example.com,+17035550131,regular,,no',
      'tms2,Ben,Two,ben.tms@example.com,+17035550132,superuser,,no',
      'tms3,Cat,Three,cat.tms@example.com,+17035550133,read-only,,yes',
    ].join('\n');
    const preview = await say('users import', [t.connector.attachFile('team.csv', csv)]);
    expect(cardText(preview)).toContain('3 rows in team.csv: 2 to add, 0 to update, 1 wrong.');
    expect(cardText(preview)).toContain('Role must be admin, regular, read-only or support');
    expect(await users()).toBe(1);

    const importAction = actionsOf(preview).find((a) => a.title === 'Import 2 users')!;
    const answered = invokeCard(await t.bot.post(executeActivity(personal(), importAction)));
    expect(cardText(answered)).toMatch(/Importing 2 users \(import [0-9a-f]{8}\)/);
    await until(async () => (await users()) === 3, 'the import');
    await until(
      () => t.connector.updated().some((c) => cardText(c.body).includes('Import of team.csv finished')),
      'the summary',
    );
    // The progress card was posted once into the 1:1 chat, then replaced in place.
    const progress = t.connector
      .postedTo(conversation())
      .filter((a) => /Import(ing|) of team\.csv|Importing team\.csv/.test(cardText(a)));
    const updates = t.connector.updated().filter((c) => c.path.startsWith(`/v3/conversations/${conversation()}/`));
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const summary = updates.at(-1)!.body.attachments[0].content;
    expect(cardText(summary)).toContain('2 users added, 0 updated, 0 unchanged, 0 failed.');
    expect(progress).toHaveLength(1);
    const failed = await downloadIn(summary);
    expect(failed.title).toMatch(/^Download team-failed-\d{4}-\d{2}-\d{2}-\d{4}-UTC\.csv$/);
    expect(failed.content).toMatch(/tms2,Ben,Two,ben\.tms@example\.com,.*superuser.*,3,/);
  });
});
