import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/teams/cards/elements.js';
import { adaptiveCardProblems } from './card-problems.js';
import { renderReplyCard } from '../../src/teams/cards/reply-card.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import { failure, nextPageCommand, pageFooter, success, info, type Reply } from '../../views/reply.js';
import { actionsOf, elements } from './support.js';

const secretReply: Reply = success('Set a generated voicemail PIN for Voice User 1.', [
  { type: 'text', text: 'Set a new voicemail PIN.' },
  { type: 'secret', label: 'Generated PIN', value: '480613', note: 'Shown once, only to you.' },
]);

describe('replies as Adaptive Cards', () => {
  it('a table with a header row, its footer, and a Next page action that runs the next command in place', () => {
    const reply = info('53 users', [
      { type: 'header', text: 'Portal users' },
      {
        type: 'table',
        columns: ['Name', 'User ID'],
        rows: [
          ['Ada Admin', 'admin1'],
          ['Lee Park', 'lee'],
        ],
        footer: pageFooter(1, 20, 53, 'users all --page 2'),
      },
    ]);
    const card = renderReplyCard(reply, { audience: 'everyone' });
    expect(adaptiveCardProblems(card)).toEqual([]);
    const table = elements(card).find((e) => e.type === 'Table')!;
    expect(table.rows).toHaveLength(3);
    expect(table.firstRowAsHeaders).toBe(true);
    expect(JSON.stringify(card)).toContain('1 - 20 of 53');
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        type: 'Action.Execute',
        title: 'Next page',
        verb: VERBS.command,
        data: { sb: { command: 'users all --page 2', inPlace: true } },
      }),
    ]);
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(card.fallbackText).toBe('53 users');
  });

  it('the last page has no Next page', () => {
    const footer = pageFooter(3, 20, 53);
    expect(nextPageCommand(footer)).toBeUndefined();
    // Callers pass their next command on every page: the last one leaves it off.
    expect(pageFooter(3, 20, 53, 'users all --page 4')).toBe('41 - 53 of 53');
    expect(pageFooter(1, 20, 20, 'users all --page 2')).toBe('1 - 20 of 20');
    expect(nextPageCommand(pageFooter(1, 20, 53, 'invites all --page 2'))).toBe('invites all --page 2');
  });

  it('a page past the end says so, with how many there are, and has no Next page', () => {
    expect(pageFooter(99, 20, 7, undefined, 'users')).toBe('Page 99 is past the end: 7 users in 1 page.');
    expect(pageFooter(4, 20, 53, 'invites --page 5', 'invitations')).toBe(
      'Page 4 is past the end: 53 invitations in 3 pages.',
    );
    expect(pageFooter(2, 20, 1, undefined, 'users')).toBe('Page 2 is past the end: 1 user in 1 page.');
    const reply = info('7 users', [
      { type: 'header', text: 'Portal users' },
      { type: 'table', columns: ['Name'], rows: [], footer: pageFooter(99, 20, 7, undefined, 'users') },
    ]);
    const card = renderReplyCard(reply, { audience: 'everyone' });
    expect(JSON.stringify(card)).toContain('Page 99 is past the end: 7 users in 1 page.');
    expect(actionsOf(card)).toEqual([]);
  });

  it('shows the main message (the summary) first, then the detail, and does not repeat it', () => {
    const texts = (reply: Reply) =>
      elements(renderReplyCard(reply, { audience: 'requester' }))
        .filter((e) => e.type === 'RichTextBlock')
        .map((e) => e.inlines.map((i: string | { text: string }) => (typeof i === 'string' ? i : i.text)).join(''));
    const again = failure('Already decided by Cindy Burns: executed. Nothing changed.', [
      { type: 'header', text: 'Approved and done: Delete user bfisher' },
      { type: 'text', text: 'Approved by Cindy Burns; done.' },
    ]);
    expect(texts(again)).toEqual([
      'Already decided by Cindy Burns: executed. Nothing changed.',
      'Approved and done: Delete user bfisher',
      'Approved by Cindy Burns; done.',
    ]);
    const example = { type: 'text' as const, text: 'For example: request x for 30m --reason "why"' };
    expect(texts(info('Say why you need it.', [example]))).toEqual(['Say why you need it.', example.text]);
    expect(texts(info('7 users', [{ type: 'header', text: 'Portal users' }]))).toEqual(['Portal users']);
  });

  it('fields as a FactSet, with Markdown escaped; text never parsed as Markdown', () => {
    const card = renderReplyCard(
      info('**not bold**', [
        { type: 'fields', fields: [{ label: 'User ID', value: 'jo_ann*lee' }] },
        { type: 'text', text: '**not bold**' },
      ]),
      { audience: 'everyone' },
    );
    const facts = elements(card).find((e) => e.type === 'FactSet')!;
    expect(facts.facts).toEqual([{ title: 'User ID', value: 'jo\\_ann\\*lee' }]);
    expect(elements(card).find((e) => e.type === 'RichTextBlock')!.inlines).toEqual(['**not bold**']);
    expect(escapeMarkdown('# 1. [a](b) `c` ~d~ \\')).toBe('\\# 1. \\[a\\](b) \\`c\\` \\~d\\~ \\\\');
  });

  it('a secret is shown to the requester only; the card for everyone says it was shown to them', () => {
    const mine = JSON.stringify(renderReplyCard(secretReply, { audience: 'requester' }));
    const theirs = JSON.stringify(renderReplyCard(secretReply, { audience: 'everyone' }));
    expect(mine).toContain('480613');
    expect(theirs).not.toContain('480613');
    expect(theirs).toContain('Generated PIN: shown once, only to the person who asked.');
    expect(theirs).not.toContain('480613');
  });

  it('reply actions run their command; styles map to Teams styles; tones colour the card', () => {
    const card = renderReplyCard(
      success('Invited', [
        {
          type: 'actions',
          actions: [
            { label: 'Pending invitations', command: 'invites', style: 'primary' },
            { label: 'Cancel it', command: 'invite cancel x', style: 'danger' },
          ],
        },
      ]),
      { audience: 'requester' },
    );
    expect(actionsOf(card)).toEqual([
      expect.objectContaining({
        title: 'Pending invitations',
        verb: VERBS.command,
        data: { sb: { command: 'invites', inPlace: false } },
        style: 'positive',
      }),
      expect.objectContaining({ title: 'Cancel it', style: 'destructive' }),
    ]);
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'good' });
  });

  it('a table too large for one Teams message is cut to fit, and says so', () => {
    const rows = Array.from({ length: 100 }, (_v, i) =>
      Array.from({ length: 10 }, (_w, j) => `cell ${i}.${j} ${'w'.repeat(12)}`),
    );
    const card = renderReplyCard(
      info('100 rows', [
        {
          type: 'table',
          columns: Array.from({ length: 10 }, (_v, j) => `Column ${j}`),
          rows,
          footer: pageFooter(1, 100, 300, 'users --page 2'),
        },
      ]),
      { audience: 'everyone' },
    );
    expect(adaptiveCardProblems(card)).toEqual([]);
    const shown = elements(card).find((e) => e.type === 'Table')!.rows.length - 1;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
    expect(JSON.stringify(card)).toContain(`Showing ${shown} of the 100 rows of this page`);
    expect(actionsOf(card)).toHaveLength(1);
  });
});
