import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registeredForms } from '../../commands/index.js';
import type { Choice, FieldDefinition, FormDefinition, FormValues, OpenForm } from '../../views/form.js';
import { VISIBLE_SECRET_HINT } from '../../views/form.js';
import type { Reply, ReplyBlock } from '../../views/reply.js';
import { LIMITS } from '../../src/slack/limits.js';
import { decodeFormMetadata, encodeFormMetadata } from '../../src/slack/metadata.js';
import { blockErrors, FIELD_ELEMENTS, fieldBlockId, readSubmission, renderModal } from '../../src/slack/render-form.js';
import { audienceOf, renderReply } from '../../src/slack/render-reply.js';
import { oneLine } from '../../src/lib/text-fit.js';
import { escapeMrkdwn, mrkdwn } from '../../src/slack/render-text.js';
import { stateOf } from './support/harness.js';

/** Every place Slack limits a text, checked over a whole rendered view or message. */
function limitProblems(node: unknown, path = '$'): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${path}: ${what}`);
  };
  if (Array.isArray(node)) return node.flatMap((child, i) => limitProblems(child, `${path}[${i}]`));
  if (!node || typeof node !== 'object') return problems;
  const o = node as Record<string, any>;
  switch (o.type) {
    case 'section':
      if (o.text)
        check(o.text.text.length <= LIMITS.sectionText && o.text.text.length > 0, `section text ${o.text.text.length}`);
      if (o.fields) {
        check(o.fields.length <= LIMITS.sectionFields, `${o.fields.length} fields`);
        for (const f of o.fields)
          check(f.text.length <= LIMITS.fieldText && f.text.length > 0, `field text ${f.text.length}`);
      }
      break;
    case 'header':
      check(o.text.text.length <= LIMITS.headerText, `header ${o.text.text.length}`);
      break;
    case 'input':
      check(o.label.text.length <= LIMITS.inputLabel, 'label');
      check(!o.hint || o.hint.text.length <= LIMITS.inputHint, 'hint');
      check(o.block_id.length <= LIMITS.blockId, 'block_id');
      break;
    case 'actions':
      check(o.elements.length <= LIMITS.actionsElements, `${o.elements.length} elements`);
      break;
    case 'context':
      check(o.elements.length <= LIMITS.contextElements, 'context elements');
      break;
    case 'button':
      check(o.text.text.length <= LIMITS.buttonText, 'button text');
      check(String(o.value ?? '').length <= LIMITS.buttonValue, 'button value');
      check(o.action_id.length <= LIMITS.actionId, 'action_id');
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'checkboxes': {
      const options: any[] = o.options ?? (o.option_groups ?? []).flatMap((g: any) => g.options);
      if (o.options) check(o.options.length <= LIMITS.selectOptions, `${o.options.length} options`);
      if (o.option_groups) {
        check(o.option_groups.length <= LIMITS.optionGroups, 'option groups');
        for (const g of o.option_groups)
          check(
            g.options.length <= LIMITS.selectOptions && g.label.text.length <= LIMITS.optionGroupLabel,
            'option group',
          );
      }
      for (const opt of options)
        check(
          opt.text.text.length <= LIMITS.optionText && opt.value.length <= LIMITS.optionValue,
          `option ${opt.value}`,
        );
      check(options.length > 0, 'no options');
      break;
    }
    case 'plain_text_input':
      check(!o.max_length || o.max_length <= LIMITS.textInputMaxLength, 'max_length');
      check(
        !o.initial_value || !o.max_length || o.initial_value.length <= o.max_length,
        'initial_value over max_length',
      );
      break;
  }
  if (o.placeholder) check(o.placeholder.text.length <= LIMITS.placeholder, 'placeholder');
  for (const [key, value] of Object.entries(o)) {
    if (value && typeof value === 'object') problems.push(...limitProblems(value, `${path}.${key}`));
  }
  return problems;
}

const longLabel = (i: number) =>
  `Site number ${i} with a name far longer than Slack lets an option show, on purpose ${'x'.repeat(40)}`;
const manyChoices = (n: number): Choice[] =>
  Array.from({ length: n }, (_, i) => ({ value: String(3_000_000 + i), label: longLabel(i) }));

/** An initial value of the field's kind, as a command would set it. */
function initialFor(field: FieldDefinition, choices: Choice[]): FormValues[string] {
  switch (field.kind) {
    case 'checkbox':
      return true;
    case 'select':
      return choices[1]?.value ?? choices[0]?.value;
    case 'multiselect':
      return choices.slice(0, 2).map((c) => c.value);
    case 'email':
      return 'jo@example.com';
    case 'phone':
      return '+17035550100';
    case 'file':
      // A file input is never prefilled: it opens empty and reads back as no file.
      return [];
    default:
      return `${field.label} value`.slice(0, field.maxLength ?? 100);
  }
}

function openEveryField(form: FormDefinition, choicesPerField = 250): OpenForm {
  const choices: Record<string, Choice[]> = {};
  const initial: FormValues = {};
  for (const field of form.fields) {
    const list = field.choices ?? (field.choicesFrom ? manyChoices(choicesPerField) : []);
    if (field.choicesFrom) choices[field.id] = list;
    initial[field.id] = initialFor(field, list);
  }
  return {
    form,
    initial,
    choices,
    metadata: { user: 'a-user-id-of-sixty-four-characters-0123456789012345678901234567', expectedVersion: 12 },
  };
}

const metadataFor = (form: FormDefinition, open: OpenForm) =>
  encodeFormMetadata({
    formId: form.id,
    channelId: 'C0123456789',
    responseUrl: `https://hooks.slack.com/commands/T0/${'1'.repeat(13)}/${'a'.repeat(24)}`,
    metadata: open.metadata,
  });

describe('Block Kit modals of every registered form', () => {
  const forms = registeredForms();

  it('covers the forms of DESIGN.md (and any added later)', () => {
    expect(forms.map((f) => f.id)).toEqual(
      expect.arrayContaining(['user-add', 'user-edit', 'user-permissions', 'invite', 'user-reset-password']),
    );
    expect(forms.length).toBeGreaterThanOrEqual(5);
  });

  it.each(forms.map((f) => [f.id, f] as const))(
    '%s renders within Slack limits, one input per field, and reads back',
    (_id, form) => {
      const open = openEveryField(form);
      const view = renderModal(open, metadataFor(form, open));
      expect(view.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
      expect(view.title.text).toBe(form.title);
      expect(view.submit!.text.length).toBeLessThanOrEqual(LIMITS.viewButton);
      expect(view.close!.text.length).toBeLessThanOrEqual(LIMITS.viewButton);
      expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
      expect(view.private_metadata!.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
      expect(decodeFormMetadata(view.private_metadata)).toMatchObject({
        formId: form.id,
        channelId: 'C0123456789',
        metadata: open.metadata,
      });
      expect(limitProblems(view.blocks)).toEqual([]);

      const inputs = view.blocks.filter((b) => b.type === 'input') as any[];
      expect(inputs.map((b) => b.block_id)).toEqual(form.fields.map((f) => fieldBlockId(f.id)));
      for (const field of form.fields) {
        const block = inputs.find((b) => b.block_id === fieldBlockId(field.id));
        const expected = FIELD_ELEMENTS[field.kind].element({
          field,
          initial: undefined,
          choices: field.choices ?? open.choices[field.id] ?? [],
        }).type;
        expect(block.element.type, field.id).toBe(expected);
        expect(block.element.action_id).toBe(field.id);
        expect(block.optional, field.id).toBe(field.kind === 'checkbox' || !field.required);
        if (field.kind === 'secret') {
          expect(block.element.initial_value, 'a secret is never prefilled').toBeUndefined();
          expect(block.hint.text).toContain(VISIBLE_SECRET_HINT);
        }
      }

      // What Slack sends back for the untouched form is what the form was opened with.
      const values = readSubmission(form, { values: stateOf(view, {}) as any });
      for (const field of form.fields) {
        const expected = field.kind === 'secret' ? '' : open.initial[field.id];
        expect(values[field.id], field.id).toEqual(expected);
      }
    },
  );

  it.each(forms.map((f) => [f.id, f] as const))(
    '%s keeps limits with a few choices, none, and empty initial values',
    (_id, form) => {
      for (const n of [0, 3, 100, 101, 10_500]) {
        const open = { ...openEveryField(form, n), initial: {} };
        const view = renderModal(open, metadataFor(form, open));
        expect(limitProblems(view.blocks), `${n} choices`).toEqual([]);
        expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
      }
    },
  );

  it('maps errors to the field blocks, and drops errors of fields the form does not have', () => {
    const form = forms.find((f) => f.id === 'user-add')!;
    expect(
      blockErrors(form, [
        { field: 'phone', message: 'Give the country code' },
        { field: 'nonsense', message: 'x' },
        { field: 'phone', message: 'second' },
      ]),
    ).toEqual({ 'field:phone': 'Give the country code' });
  });

  it('a select over 100 choices becomes option groups of at most 100; a bad option value is refused', () => {
    const form: FormDefinition = {
      id: 'f',
      title: 'T',
      submitLabel: 'Go',
      fields: [{ id: 'pick', label: 'Pick', kind: 'select', required: true, choicesFrom: 'sites' }],
      schema: undefined as never,
    };
    const view = renderModal(
      { form, initial: { pick: '3000150' }, metadata: {}, choices: { pick: manyChoices(250) } },
      '{}',
    ) as any;
    const element = view.blocks[0].element;
    expect(element.option_groups.map((g: any) => g.options.length)).toEqual([100, 100, 50]);
    expect(element.initial_option.value).toBe('3000150');
    expect(() =>
      renderModal(
        { form, initial: {}, metadata: {}, choices: { pick: [{ value: 'v'.repeat(151), label: 'x' }] } },
        '{}',
      ),
    ).toThrow(/150/);
  });
});

describe('private_metadata', () => {
  it('round-trips, drops the response_url before going over 3,000 characters, refuses what cannot fit', () => {
    const envelope = {
      formId: 'user-edit',
      channelId: 'C1',
      responseUrl: 'https://hooks.slack.com/x',
      fromHome: true,
      metadata: { user: 'jo', expectedVersion: 3 },
    };
    expect(decodeFormMetadata(encodeFormMetadata(envelope))).toEqual(envelope);
    const big = {
      ...envelope,
      responseUrl: `https://hooks.slack.com/${'x'.repeat(2000)}`,
      metadata: { user: 'y'.repeat(1500) },
    };
    const text = encodeFormMetadata(big);
    expect(text.length).toBeLessThanOrEqual(LIMITS.privateMetadata);
    const { responseUrl: _dropped, ...rest } = big;
    expect(decodeFormMetadata(text)).toEqual(rest);
    expect(() => encodeFormMetadata({ ...envelope, metadata: { user: 'z'.repeat(3000) } })).toThrow(/3000/);
    expect(decodeFormMetadata('not json')).toBeNull();
    expect(decodeFormMetadata(JSON.stringify({ v: 2 }))).toBeNull();
    expect(decodeFormMetadata(JSON.stringify({ v: 1, f: 'x', m: {}, r: 'javascript:alert(1)' }))).toEqual({
      formId: 'x',
      metadata: {},
    });
  });
});

const arbitraryText = fc.string({ unit: 'grapheme', maxLength: 400 });
const arbitraryBlock: fc.Arbitrary<ReplyBlock> = fc.oneof(
  fc.record({ type: fc.constant('header' as const), text: arbitraryText }),
  fc.record({ type: fc.constant('text' as const), text: fc.string({ maxLength: 9000 }) }),
  fc.record({
    type: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: arbitraryText, value: fc.string({ maxLength: 3000 }) }), { maxLength: 25 }),
  }),
  fc.integer({ min: 1, max: 12 }).chain((columns) =>
    fc.record({
      type: fc.constant('table' as const),
      columns: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { minLength: columns, maxLength: columns }),
      rows: fc.array(fc.array(fc.string({ maxLength: 80 }), { minLength: columns, maxLength: columns }), {
        maxLength: 60,
      }),
      footer: fc.option(arbitraryText, { nil: undefined }),
    }),
  ),
  fc.record({
    type: fc.constant('actions' as const),
    actions: fc.array(
      fc.record({
        label: arbitraryText,
        command: fc.string({ minLength: 1, maxLength: 2100 }),
        style: fc.constantFrom<'primary' | 'danger' | undefined>('primary', 'danger', undefined),
      }),
      { maxLength: 30 },
    ),
  }),
);

describe('Block Kit messages of replies', () => {
  it('any reply renders within Slack message limits', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryBlock, { minLength: 1, maxLength: 30 }),
        fc.constantFrom<Reply['tone']>('info', 'success', 'error'),
        arbitraryText,
        (blocks, tone, summary) => {
          const message = renderReply({ visibility: 'private', tone, summary, blocks }, 'private');
          expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
          expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
          expect(limitProblems(message.blocks)).toEqual([]);
          const ids = message.blocks.flatMap((b: any) =>
            b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : [],
          );
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('shows the main message (the summary) first, then the detail, and does not repeat it', () => {
    const title = 'Approved and done: Delete user bfisher';
    const card: ReplyBlock[] = [
      { type: 'header', text: title },
      { type: 'text', text: 'Approved by Cindy Burns; done.' },
    ];
    const again = renderReply(
      { visibility: 'private', tone: 'error', summary: 'Already decided by Cindy Burns: executed.', blocks: card },
      'private',
    );
    expect(again.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':warning: Already decided by Cindy Burns: executed.' },
    });
    expect(again.blocks[1]).toEqual({ type: 'header', text: expect.objectContaining({ text: title }) });
    const said = (summary: string, blocks: ReplyBlock[]) =>
      renderReply({ visibility: 'private', tone: 'info', summary, blocks }, 'private').blocks;
    const example: ReplyBlock = { type: 'text', text: 'For example: request x for 30m --reason "why"' };
    expect(JSON.stringify(said('Say why you need it.', [example]))).toMatch(/Say why you need it\..*For example/);
    // Already said by the blocks: a list titled by its header, a text that holds the summary.
    expect(said('7 users', [{ type: 'header', text: 'Portal users' }])).toHaveLength(1);
    expect(said('Saved.', [{ type: 'text', text: 'Saved. Details follow.' }])).toHaveLength(1);
  });

  it('escapes Slack control characters in everything it shows', () => {
    const reply: Reply = {
      visibility: 'private',
      tone: 'info',
      summary: 's',
      blocks: [
        { type: 'text', text: 'a <@U123> & <!channel> b' },
        { type: 'fields', fields: [{ label: '<b>', value: '<!here>' }] },
        { type: 'table', columns: ['Name', 'Note'], rows: [['<!everyone>', 'x & y']] },
      ],
    };
    const json = JSON.stringify(renderReply(reply, 'private').blocks);
    expect(json).not.toMatch(/<[@!]/);
    expect(json).toContain('&lt;!channel&gt;');
    expect(escapeMrkdwn('<&>')).toBe('&lt;&amp;&gt;');
    expect(mrkdwn('&'.repeat(100), 20)).toMatch(/^(&amp;)+…$/);
  });

  it('puts any cell on one line: runs of white space of any kind as one space, none at the ends', () => {
    const unit = fc.constantFrom('a', 'B', '1', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', '`', 'é');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        expect(oneLine(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 1000 },
    );
    expect(oneLine(undefined)).toBe('');
  });

  it('narrow tables are aligned code blocks, wide ones a line per row; an empty one says None', () => {
    const narrow = renderReply(
      {
        visibility: 'private',
        tone: 'info',
        summary: '',
        blocks: [{ type: 'table', columns: ['A', 'B'], rows: [['1', 'two']], footer: '1 - 1 of 1' }],
      },
      'private',
    );
    expect(narrow.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '```\nA  B\n1  two\n```' } });
    expect(narrow.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '1 - 1 of 1' }] });
    const wide = renderReply(
      {
        visibility: 'private',
        tone: 'info',
        summary: '',
        blocks: [
          { type: 'table', columns: ['Name', 'Email', 'Role'], rows: [['Jo Lee', 'jo@example.com'.repeat(6), '']] },
        ],
      },
      'private',
    );
    expect((wide.blocks[0] as any).text.text).toBe(`*Jo Lee*  ·  Email: ${'jo@example.com'.repeat(6)}`);
    const empty = renderReply(
      { visibility: 'private', tone: 'info', summary: '', blocks: [{ type: 'table', columns: ['A'], rows: [] }] },
      'private',
    );
    expect(empty.blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: 'None.' }] }]);
  });

  it('a wide table renders each row as the first cell in bold, then every other non-empty cell with its column', () => {
    // The rule as first written (destructuring and flatMap), which the loop replaced for speed.
    const reference = (columns: string[], row: string[]) => {
      const [first, ...rest] = row.map((cell) => oneLine(cell));
      const others = rest.flatMap((value, i) =>
        value ? [`${mrkdwn(columns[i + 1]!, 100)}: ${mrkdwn(value, 500)}`] : [],
      );
      return [`*${mrkdwn(first || '-', 300)}*`, ...others].join('  ·  ');
    };
    const cell = fc.oneof(fc.constant(''), fc.string({ maxLength: 30 }), fc.string({ minLength: 80, maxLength: 600 }));
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        (columns, cells) => {
          const rows = cells.map((row) => [`${'W'.repeat(80)}${row[0]}`, ...row.slice(1, columns.length)]);
          const reply: Reply = {
            visibility: 'private',
            tone: 'info',
            summary: '',
            blocks: [{ type: 'table', columns, rows }],
          };
          const text = renderReply(reply, 'private', 1_000)
            .blocks.map((b) => (b as { text: { text: string } }).text.text)
            .join('\n');
          expect(text).toBe(rows.map((row) => reference(columns, row)).join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a secret is rendered only privately; a reply with one is never public', () => {
    const reply: Reply = {
      visibility: 'public',
      tone: 'success',
      summary: 'Set a generated PIN.',
      blocks: [{ type: 'secret', label: 'Generated PIN', value: '284619', note: 'Shown once.' }],
    };
    expect(audienceOf(reply)).toBe('private');
    expect(() => renderReply(reply, 'public')).toThrow(/privately/);
    const message = renderReply(reply, 'private');
    expect(message.text).not.toContain('284619');
    expect(JSON.stringify(message.blocks)).toContain('`284619`');
    expect(audienceOf({ ...reply, blocks: [{ type: 'text', text: 'ok' }] })).toBe('public');
  });
});
