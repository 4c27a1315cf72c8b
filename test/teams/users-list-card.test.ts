import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine } from '../../commands/index.js';
import { adaptiveCardProblems } from './card-problems.js';
import { renderReplyCard } from '../../src/teams/cards/reply-card.js';
import type { Reply } from '../../views/reply.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { elements } from './support.js';

let sb: TestSwitchboard;
let acc: TestAccount;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
});
afterAll(async () => sb?.close());

async function usersReply(): Promise<Reply> {
  const result = await runCommandLine({ deps: sb.deps, actor: acc.actor }, 'users');
  if (result.kind !== 'reply') throw new Error('users: expected a reply');
  return result.reply;
}

/** The text of a table cell: its RichTextBlock's inlines, plain strings or TextRuns. */
const cellText = (cell: Record<string, any>) =>
  elements(cell)
    .filter((e) => e.type === 'RichTextBlock')
    .flatMap((e) =>
      e.inlines.map((inline: string | { text: string }) => (typeof inline === 'string' ? inline : inline.text)),
    )
    .join('');

describe('the users list in a Teams card', () => {
  it('shows Name, State, Role and a Details action per row that runs user show, not the ten columns', async () => {
    const reply = await usersReply();
    const card = renderReplyCard(reply, { audience: 'requester' });
    expect(adaptiveCardProblems(card)).toEqual([]);
    const [table] = elements(card).filter((e) => e.type === 'Table');
    expect(table!.columns).toHaveLength(4);
    const [header, ...rows] = table!.rows as Record<string, any>[];
    expect(header!.cells.map(cellText)).toEqual(['Name', 'State', 'Role', ' ']);
    expect(rows.length).toBeGreaterThan(0);
    const full = reply.blocks.find((b) => b.type === 'table')!;
    if (full.type !== 'table') throw new Error('no table');
    for (const [i, row] of rows.entries()) {
      const [name, state, role, details] = row.cells as Record<string, any>[];
      const fullRow = full.rows[i]!;
      expect([cellText(name!), cellText(state!), cellText(role!)]).toEqual([fullRow[0], fullRow[3], fullRow[9]]);
      const [action] = elements(details).filter((e) => e.type === 'Action.Execute');
      expect(action).toMatchObject({ title: 'Details', data: { sb: { command: `user show ${fullRow[1]}` } } });
    }
  });

  it('the console and Slack still get every column: the reply itself is unchanged', async () => {
    const table = (await usersReply()).blocks.find((b) => b.type === 'table');
    const columns = ['Name', 'User ID', 'Label', 'State', 'Admin', 'Invoices', 'Orders', 'Services', 'Tickets', 'Role'];
    expect(table).toMatchObject({ columns });
  });
});
