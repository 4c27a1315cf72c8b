import { describe, expect, it } from 'vitest';
import { renderReply, replyText } from '../../src/console/render.js';
import { defaultRegistry } from '../../commands/index.js';
import { usageLine } from '../../commands/help.js';
import { tableLines } from '../../src/console/table.js';
import { COLOR, PLAIN, stripAnsi, visibleLength, wrap } from '../../src/console/text.js';
import { failure, info, success, type Reply } from '../../views/reply.js';

const USERS = {
  columns: ['Name', 'User ID', 'Label', 'State', 'Admin', 'Invoices', 'Orders', 'Services', 'Tickets', 'Role'],
  rows: [
    ['Alex Stewart', 'astewart', 'Alex Stewart', 'enabled', 'yes', '', '', '', '', 'Admin'],
    ['Cindy Burns', 'cburns', 'Cindy Burns', 'enabled', 'yes', '', '', '', '', 'Admin'],
    [
      'Spider Man',
      '7039351803@megapathvoice.com',
      'Aquaman Aquaman (+17039351803)',
      'enabled',
      '',
      'Hide',
      'Hide',
      'Hide',
      'Hide',
      'Custom',
    ],
  ],
};

const widest = (lines: string[]) => Math.max(...lines.map(visibleLength));

describe('console text', () => {
  it('wraps at word boundaries, breaks words longer than a line, keeps line breaks', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('a\nb', 10)).toEqual(['a', 'b']);
    expect(wrap('', 10)).toEqual(['']);
  });
});

describe('tables', () => {
  it('are aligned in columns under their headers when they fit', () => {
    const lines = tableLines(USERS.columns, USERS.rows, 160);
    expect(lines[0]).toMatch(
      /^Name {10}User ID {23}Label {27}State {4}Admin  Invoices  Orders  Services  Tickets  Role$/,
    );
    expect(lines[1]).toMatch(/^─{12}  ─{28}  /);
    expect(lines[2]).toBe(
      'Alex Stewart  astewart                      Alex Stewart                    enabled  yes                                         Admin',
    );
    expect(lines).toHaveLength(5);
  });

  it('narrow first the columns that are long for only a few values, wrapping those cells', () => {
    const lines = tableLines(USERS.columns, USERS.rows, 119);
    expect(widest(lines)).toBeLessThanOrEqual(119);
    expect(lines[2]).toMatch(/^Alex Stewart  astewart +Alex Stewart +enabled/);
    const spider = lines.findIndex((l) => l.startsWith('Spider Man'));
    expect(lines[spider + 1]).toMatch(/^ {14}\S/);
    expect(lines.join('\n')).toContain('(+17039351803)');
  });

  it('cut cells with an ellipsis rather than make rows tall, and become records when too narrow or short', () => {
    const more = [
      ...USERS.rows,
      ['Kyle Johnson', 'kjohnson', 'Kyle Johnson', 'enabled', 'yes', '', '', '', '', 'Admin'],
    ];
    const cut = tableLines(USERS.columns, more, 100);
    expect(widest(cut)).toBeLessThanOrEqual(100);
    expect(cut.join('\n')).toContain('…');
    expect(cut).toHaveLength(6);
    // Three rows are few enough to be shown whole.
    expect(tableLines(USERS.columns, USERS.rows, 100)).toContain('User ID:  7039351803@megapathvoice.com');
    const records = tableLines(USERS.columns, USERS.rows, 60);
    expect(widest(records)).toBeLessThanOrEqual(60);
    expect(records).toContain('User ID:  7039351803@megapathvoice.com');
    expect(records.filter((l) => l === '')).toHaveLength(2);
  });

  it('wrapped whole (help), breaks a cell inside a word only when its words cannot all fit', () => {
    const rows = defaultRegistry.commands.map((c) => [usageLine(c), c.summary, c.permission]);
    const help = tableLines(['Command', 'Does', 'Who'], rows, 160, PLAIN, { cut: false });
    expect(help).toContainEqual(expect.stringMatching(/^\[enabled\|disabled\|unconfirmed\|deleted\|all\] /));
    expect(help.join('\n')).not.toMatch(/dele\s*\n\s*ted/);
    const usage = 'users [enabled|disabled|unconfirmed|deleted|all] [--page N]';
    // Too narrow for the longest word: broken inside it, as before, rather than not shown.
    const narrow = tableLines(['Command', 'What it does'], [[usage, 'x']], 30, PLAIN, { cut: false });
    expect(narrow).toContain('[enabled|disabled|unco');
  });

  it('align CJK and emoji names by the columns a terminal gives them (two each)', () => {
    const rows = [
      ['山田太郎', 'tyamada', 'enabled'],
      ['Zoë 🚀 Lee', 'zlee', 'disabled'],
      ['Ann Lee', 'alee', 'enabled'],
    ];
    const lines = tableLines(['Name', 'User ID', 'State'], [...rows, ['李小龍', 'blee', 'enabled']], 80);
    const userIdColumn = lines.slice(2).map((l) => visibleLength(l.slice(0, l.search(/[a-z]+ +(enabled|disabled)$/))));
    expect(new Set(userIdColumn).size).toBe(1);
    expect(lines[2]).toBe('山田太郎    tyamada  enabled');
    expect(lines[3]).toBe('Zoë 🚀 Lee  zlee     disabled');
    expect(wrap('山田太郎 李小龍', 8)).toEqual(['山田太郎', '李小龍']);
    expect(wrap('山田太郎李小龍', 6)).toEqual(['山田太', '郎李小', '龍']);
  });

  it('never exceed the width, whatever the width', () => {
    for (let width = 20; width <= 200; width += 7) {
      expect(widest(tableLines(USERS.columns, USERS.rows, width)), `width ${width}`).toBeLessThanOrEqual(width);
    }
  });
});

describe('replies', () => {
  const reply: Reply = success('Set a new voicemail PIN for Ann Lee (x2001).', [
    { type: 'header', text: 'Voicemail PIN: Ann Lee' },
    { type: 'text', text: 'Set a new voicemail PIN for Ann Lee (x2001).' },
    {
      type: 'fields',
      fields: [
        { label: 'Extension', value: '2001' },
        { label: 'Must change at first use', value: 'Yes' },
      ],
    },
    { type: 'secret', label: 'Voicemail PIN', value: '480913', note: 'Shown once, only to you.' },
    { type: 'table', columns: ['A', 'B'], rows: [], footer: 'None.' },
    { type: 'actions', actions: [{ label: 'Voice profile', command: 'voice show x2001' }] },
  ]);

  it('show every block: header, marked text, aligned fields, the secret, tables and "try:" actions', () => {
    const text = replyText(reply, { width: 80 });
    expect(text).toBe(
      [
        'Voicemail PIN: Ann Lee',
        '──────────────────────',
        '✓ Set a new voicemail PIN for Ann Lee (x2001).',
        '',
        'Extension:                2001',
        'Must change at first use: Yes',
        '',
        'Voicemail PIN: 480913',
        'Shown once, only to you.',
        '',
        'None.',
        '',
        'try: voice show x2001 (Voice profile)',
        '',
      ].join('\n'),
    );
  });

  it('say where the secret is, so that the console can wipe it', () => {
    const rendered = renderReply(reply, { width: 80 });
    expect(rendered.secrets).toEqual([
      { line: 7, rows: 1, label: 'Voicemail PIN', replacement: 'Voicemail PIN: (shown once; wiped from the screen)' },
    ]);
    expect(rendered.lines[7]).toBe('Voicemail PIN: 480913');
  });

  it('mark errors, and colour only when asked', () => {
    expect(replyText(failure('Unknown command "frob". Type help for the list.'), { width: 80 })).toBe(
      '✗ Unknown command "frob". Type help for the list.\n',
    );
    expect(replyText(info('3 users'), { width: 80 })).toBe('3 users\n');
    const coloured = replyText(reply, { width: 80, style: COLOR });
    expect(coloured).toContain('\u001b[');
    expect(stripAnsi(coloured)).toContain('✓ Set a new voicemail PIN');
  });

  it('show the main message (the summary) first and marked, then the detail; never twice', () => {
    const again = failure('Already decided by Cindy Burns: executed. Nothing changed.', [
      { type: 'header', text: 'Approved and done: Delete user bfisher' },
      { type: 'text', text: 'Approved by Cindy Burns; done.' },
    ]);
    expect(replyText(again, { width: 80 })).toBe(
      [
        '✗ Already decided by Cindy Burns: executed. Nothing changed.',
        '',
        'Approved and done: Delete user bfisher',
        '──────────────────────────────────────',
        'Approved by Cindy Burns; done.',
        '',
      ].join('\n'),
    );
    const example = info('Say why you need it: add --reason "..."', [{ type: 'text', text: 'For example: ...' }]);
    expect(replyText(example, { width: 80 })).toBe('Say why you need it: add --reason "..."\n\nFor example: ...\n');
    const list = info('7 users', [{ type: 'header', text: 'Portal users' }]);
    expect(replyText(list, { width: 80 })).toBe('Portal users\n────────────\n');
  });

  it('wrap long text and field values within the width', () => {
    const long = info('x', [
      { type: 'text', text: 'word '.repeat(60) },
      {
        type: 'fields',
        fields: [{ label: 'Sites', value: 'Herndon HQ (3418205), Little River (3992460), '.repeat(4) }],
      },
    ]);
    const lines = renderReply(long, { width: 50 }).lines;
    expect(widest(lines)).toBeLessThan(50);
    expect(lines.filter((l) => l.startsWith('       '))).not.toHaveLength(0);
  });
});
