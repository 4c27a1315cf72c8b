import { describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import type { SubmitOutcome } from '../../commands/forms.js';
import { fillForm, parseAnswer } from '../../src/console/prompter.js';
import { VISIBLE_SECRET_HINT, type FieldDefinition, type FormValues, type OpenForm } from '../../views/form.js';
import { success } from '../../views/reply.js';
import { CTRL_C, CTRL_D, ScriptedIO, type Answer } from './support/scripted-io.js';

/** A form with one field of every kind. */
const form: OpenForm = {
  form: {
    id: 'every-kind',
    title: 'Every kind',
    submitLabel: 'Save',
    intro: 'A form with one field of each kind.',
    fields: [
      { id: 'name', label: 'Name', kind: 'text', required: true, maxLength: 10, hint: 'Up to 10 characters' },
      { id: 'email', label: 'Email', kind: 'email', required: true },
      { id: 'phone', label: 'Phone', kind: 'phone', required: false },
      { id: 'pin', label: 'PIN', kind: 'secret', required: false, hint: VISIBLE_SECRET_HINT },
      { id: 'notes', label: 'Notes', kind: 'textarea', required: false },
      {
        id: 'role',
        label: 'Role',
        kind: 'select',
        required: true,
        choices: [
          { value: 'admin', label: 'Admin' },
          { value: 'read-only', label: 'Read-Only' },
        ],
      },
      { id: 'sites', label: 'Sites', kind: 'multiselect', required: false, choicesFrom: 'sites' },
      { id: 'notify', label: 'Send email', kind: 'checkbox', required: false },
    ],
    schema: z.unknown(),
  },
  initial: { email: 'old@example.com', role: 'read-only', notify: true, sites: ['3418205'] },
  metadata: { user: 'x' },
  choices: {
    sites: [
      { value: '3418205', label: 'Herndon HQ (3418205)' },
      { value: '3992460', label: 'Little River (3992460)' },
    ],
  },
};

/** A submit that refuses the first `refusals` attempts with the given field errors, and records what it got. */
function fakeSubmit(refusals: { field: string; message: string }[][] = []) {
  const got: FormValues[] = [];
  const submit = async (values: FormValues): Promise<SubmitOutcome> => {
    got.push(values);
    const errors = refusals.shift();
    if (errors) return { ok: false, errors, message: 'Please correct the fields marked.' };
    return { ok: true, reply: success('Saved.') };
  };
  return { got, submit };
}

describe('console forms', () => {
  it("check each field at its prompt by the form's schema, and ask a wrong one again before the next field", async () => {
    const checked: OpenForm = {
      form: {
        id: 'checked',
        title: 'Checked',
        submitLabel: 'Save',
        fields: [
          { id: 'code', label: 'Code', kind: 'text', required: true },
          { id: 'email', label: 'Email', kind: 'email', required: true },
          { id: 'pin', label: 'PIN', kind: 'secret', required: true },
          { id: 'confirmPin', label: 'Confirm PIN', kind: 'secret', required: true },
        ],
        schema: z
          .object({
            code: z.string().regex(/^[A-Z]{2}$/, 'Two capital letters, e.g. VA'),
            email: z.email('Type an email such as jo@example.com'),
            pin: z.string().regex(/^\d{4,8}$/, '4 to 8 digits'),
            confirmPin: z.string(),
            user: z.string(),
          })
          .refine((v) => v.pin === v.confirmPin, { path: ['confirmPin'], message: 'The PINs differ' }),
      },
      initial: {},
      metadata: { user: 'x' },
      choices: {},
    };
    const io = new ScriptedIO(['va', 'VA', 'jo@', 'jo@example.com', '12', '4809', '4809']);
    const { got, submit } = fakeSubmit();
    expect(await fillForm(io, checked, submit)).toEqual({ kind: 'submitted', reply: success('Saved.') });
    expect(got).toEqual([{ code: 'VA', email: 'jo@example.com', pin: '4809', confirmPin: '4809' }]);
    expect(io.transcript).toContain('Code: va\n✗ Code: Two capital letters, e.g. VA\nCode: VA\n');
    expect(io.transcript).toContain('Code: VA\nEmail: jo@\n✗ Email: Type an email such as jo@example.com\nEmail: ');
    expect(io.transcript).toContain('✗ PIN: 4 to 8 digits\n');
    expect(io.transcript).not.toContain('4809');
  });

  it('ask every field with its label, hint, choices and default; Enter keeps the initial value', async () => {
    const io = new ScriptedIO([
      'Lee',
      '',
      '+1 703 555 0100',
      '',
      'first line',
      'second line',
      '',
      '',
      '2, 3418205',
      '',
    ]);
    const { got, submit } = fakeSubmit();
    const outcome = await fillForm(io, form, submit);
    expect(outcome).toEqual({ kind: 'submitted', reply: success('Saved.') });
    expect(got).toEqual([
      {
        name: 'Lee',
        email: 'old@example.com',
        phone: '+1 703 555 0100',
        pin: '',
        notes: 'first line\nsecond line',
        role: 'read-only',
        sites: ['3992460', '3418205'],
        notify: true,
      },
    ]);
    expect(io.transcript).toContain(
      'Every kind\n──────────\nA form with one field of each kind.\nEnter keeps the value in [brackets]; - empties an optional field; Ctrl-C cancels the form.\n',
    );
    expect(io.transcript).toContain('  Up to 10 characters\nName: Lee\n');
    expect(io.transcript).toContain('Email [old@example.com]: \n');
    expect(io.transcript).toContain('Phone (optional): +1 703 555 0100\n');
    expect(io.transcript).toContain(
      '  Leave it empty to have one generated and shown only to you.\nPIN (optional) (typing is hidden): \n',
    );
    expect(io.transcript).toContain('Notes (optional) (end with an empty line): first line\n… second line\n… \n');
    expect(io.transcript).toContain('    1) Admin\n  * 2) Read-Only\nRole (1-2) [2 Read-Only]: \n');
    expect(io.transcript).toContain(
      '  * 1) Herndon HQ (3418205)\n    2) Little River (3992460)\nSites (optional) (numbers or values, comma-separated) [3418205]: 2, 3418205\n',
    );
    expect(io.transcript).toContain('Send email (y/n) [yes]: \n');
    expect(io.reads.find((r) => r.prompt.startsWith('PIN'))?.options).toEqual({ secret: true, history: 'none' });
    expect(io.reads.every((r) => r.options.history === 'none')).toBe(true);
  });

  it('check required fields, lengths, choices and yes/no on the spot, asking the same field again', async () => {
    const io = new ScriptedIO(
      [
        '',
        'far too long a name',
        'Lee',
        '-',
        '',
        'lee@example.com',
        '',
        '',
        '',
        'admn',
        '9',
        'admin',
        'x, 1',
        '1',
        'maybe',
        'n',
      ],
      140,
    );
    const { got, submit } = fakeSubmit();
    await fillForm(io, { ...form, initial: {} }, submit);
    expect(got[0]).toMatchObject({
      name: 'Lee',
      role: 'admin',
      sites: ['3418205'],
      notify: false,
      phone: '',
      pin: '',
      notes: '',
      email: 'lee@example.com',
    });
    const t = io.transcript;
    expect(t).toContain(
      'Name: \n  ✗ Name is required.\nName: far too long a name\n  ✗ Name is at most 10 characters; that was 19.\nName: Lee\n',
    );
    expect(t).toContain('Email: -\n  ✗ Email is required; it cannot be left empty.\nEmail: \n  ✗ Email is required.\n');
    expect(t).toContain('  ✗ Type a number from 1 to 2, or one of: admin, read-only.\n');
    expect(t).toContain(
      '  ✗ "x" is not one of the choices: give numbers from 1 to 2, or values such as 3418205, separated by commas.\n',
    );
    expect(t).toContain('  ✗ Answer y or n.\n');
  });

  it('after a refused submission ask again only the wrong fields, each with its error, keeping the others', async () => {
    const io = new ScriptedIO([
      'Lee',
      'lee@example',
      '7035550100',
      '1212',
      '',
      '1',
      '',
      'y',
      'lee@example.com',
      '+1 703 555 0100',
      '480913',
    ]);
    const { got, submit } = fakeSubmit([
      [
        { field: 'email', message: 'Email is not a valid address' },
        { field: 'phone', message: 'Give the country code, e.g. +1' },
      ],
      [{ field: 'pin', message: 'The PIN repeats a shorter pattern' }],
    ]);
    const outcome = await fillForm(io, form, submit);
    expect(outcome.kind).toBe('submitted');
    expect(got).toHaveLength(3);
    expect(got[1]).toEqual({ ...got[0], email: 'lee@example.com', phone: '+1 703 555 0100' });
    expect(got[2]).toEqual({ ...got[1], pin: '480913' });
    expect(io.left).toBe(0);
    const second = io.transcript.slice(io.transcript.indexOf('✗ Please correct'));
    expect(second).toMatch(
      /^✗ Please correct the fields marked\.\n✗ Email: Email is not a valid address\nEmail \[old@example\.com\]: lee@example.com\n✗ Phone: Give the country code, e\.g\. \+1\nPhone \(optional\): \+1 703 555 0100\nSave…\n/,
    );
    // A refused secret is typed again: Enter does not keep it.
    expect(io.transcript).toContain(
      '✗ PIN: The PIN repeats a shorter pattern\n  Leave it empty to have one generated and shown only to you.\nPIN (optional) (typing is hidden): \n',
    );
    expect(io.transcript).not.toContain('1212');
  });

  it('never offer a refused answer as the default: Enter after one is not taken, Ctrl-C still cancels', async () => {
    const checked: OpenForm = {
      form: {
        id: 'refusals',
        title: 'Refusals',
        submitLabel: 'Save',
        fields: [
          { id: 'phone', label: 'Phone', kind: 'phone', required: true },
          { id: 'email', label: 'Email', kind: 'email', required: true },
          { id: 'label', label: 'Label', kind: 'text', required: false },
        ],
        schema: z.object({
          phone: z.string().regex(/^\+/, 'Start with the country code, e.g. +1 703 555 0100'),
          email: z.string(),
          label: z.string().max(3, 'At most 3 characters'),
        }),
      },
      initial: { phone: '555', label: 'abc' },
      metadata: {},
      choices: {},
    };
    const answers: Answer[] = ['', '', '+1 703 555 0100', 'taken@example.com', 'toolong', '', '', CTRL_C];
    const io = new ScriptedIO(answers);
    const { got, submit } = fakeSubmit([[{ field: 'email', message: 'A user with this email exists' }]]);
    expect(await fillForm(io, checked, submit)).toEqual({ kind: 'cancelled' });
    const t = io.transcript;
    // The initial value is offered until it is refused; then there is no default and Enter is refused.
    expect(t).toContain('Phone [555]: \n✗ Phone: Start with the country code, e.g. +1 703 555 0100\nPhone: \n');
    expect(t).toContain('Phone: \n  ✗ Phone is required.\nPhone: +1 703 555 0100\n');
    // An optional field goes back to its last good value (the initial one).
    expect(t).toContain('✗ Label: At most 3 characters\nLabel (optional) [abc]: \nSave…\n');
    // Refused by the service: not offered again; Enter is refused until something else is typed or Ctrl-C.
    expect(t).toContain('✗ Email: A user with this email exists\nEmail: \n  ✗ Email is required.\nEmail: ^C\n');
    expect(got).toEqual([{ phone: '+1 703 555 0100', email: 'taken@example.com', label: 'abc' }]);
    expect(io.left).toBe(0);
  });

  it('end with the message when the refusal is not about a field', async () => {
    const io = new ScriptedIO(['Lee', '', '', '', '', '', '', '']);
    const outcome = await fillForm(io, form, async () => ({
      ok: false,
      errors: [],
      message: 'Someone else changed this user meanwhile.',
    }));
    expect(outcome).toEqual({ kind: 'refused', message: 'Someone else changed this user meanwhile.' });
  });

  it('Ctrl-C cancels the form without submitting; Ctrl-D ends it', async () => {
    const cancelled = fakeSubmit();
    expect(await fillForm(new ScriptedIO(['Lee', CTRL_C]), form, cancelled.submit)).toEqual({ kind: 'cancelled' });
    expect(cancelled.got).toHaveLength(0);
    const ended = fakeSubmit();
    expect(await fillForm(new ScriptedIO(['Lee', '', '', CTRL_D]), form, ended.submit)).toEqual({ kind: 'eof' });
    expect(ended.got).toHaveLength(0);
  });

  it('skip an optional choice with nothing to choose from', async () => {
    const io = new ScriptedIO(['Lee', '', '', '', '', '', '']);
    const { got, submit } = fakeSubmit();
    await fillForm(io, { ...form, choices: { sites: [] } }, submit);
    expect(got[0]).toMatchObject({ sites: [] });
    expect(io.transcript).toContain('  Sites: nothing to choose from.\n');
  });
});

describe('answers', () => {
  const select: FieldDefinition = { id: 's', label: 'Site', kind: 'select', required: false };
  const sites = [
    { value: '3418205', label: 'Herndon HQ' },
    { value: '2', label: 'Two' },
  ];
  it('take a choice by number, value or label, a number in range first', () => {
    expect(parseAnswer(select, sites, undefined, '1')).toEqual({ value: '3418205' });
    expect(parseAnswer(select, sites, undefined, '3418205')).toEqual({ value: '3418205' });
    expect(parseAnswer(select, sites, undefined, 'herndon hq')).toEqual({ value: '3418205' });
    expect(parseAnswer(select, sites, '2', '-')).toEqual({ value: undefined });
    expect(parseAnswer(select, sites, '2', '')).toEqual({ value: '2' });
  });
});
