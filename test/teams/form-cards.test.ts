import { describe, expect, it } from 'vitest';
import { registeredForms } from '../../commands/index.js';
import { adaptiveCardProblems, ADAPTIVE_CARD_LIMITS } from './card-problems.js';
import { renderFormCard, renderFormPlaceholder, type FormSurface } from '../../src/teams/cards/form-card.js';
import { formValuesFrom } from '../../views/form-values.js';
import { RESERVED_KEYS, VERBS, type FormState } from '../../src/teams/cards/verbs.js';
import { pickUserForm } from '../../views/forms/pick-user.js';
import {
  VISIBLE_SECRET_HINT,
  type Choice,
  type FieldDefinition,
  type FormDefinition,
  type OpenForm,
} from '../../views/form.js';
import { actionsOf, elements, inputsOf } from './support.js';

const state = (form: FormDefinition): FormState => ({
  formId: form.id,
  cardId: 'card-1',
  command: 'x',
  metadata: { user: 'u1', expectedVersion: 3 },
  requester: '29:ada',
});

/** A form opened with `count` choices for each field that takes them from the account. */
function opened(form: FormDefinition, count: number): OpenForm {
  const choices: Record<string, Choice[]> = {};
  for (const field of form.fields) {
    if (field.choicesFrom)
      choices[field.id] = Array.from({ length: count }, (_v, i) => ({
        value: `${field.choicesFrom}-${i}-${'x'.repeat(20)}`,
        label: `A rather long ${field.choicesFrom} name number ${i} (${1000000 + i})`,
      }));
  }
  return { form, initial: {}, metadata: state(form).metadata, choices };
}

const EXPECTED_INPUT: Record<FieldDefinition['kind'], (input: Record<string, any>) => boolean> = {
  text: (i) => i.type === 'Input.Text' && !i.style && !i.isMultiline,
  email: (i) => i.type === 'Input.Text' && i.style === 'Email',
  phone: (i) => i.type === 'Input.Text' && i.style === 'Tel',
  secret: (i) => i.type === 'Input.Text' && i.style !== 'Password',
  textarea: (i) => i.type === 'Input.Text' && i.isMultiline === true,
  select: (i) => i.type === 'Input.ChoiceSet' && i.isMultiSelect === false && ['compact', 'filtered'].includes(i.style),
  multiselect: (i) =>
    i.type === 'Input.ChoiceSet' && i.isMultiSelect === true && ['expanded', 'compact', 'filtered'].includes(i.style),
  checkbox: (i) => i.type === 'Input.Toggle' && i.valueOn === 'true' && i.valueOff === 'false',
  file: (i) => i.type === 'TextBlock' && /attach the file/.test(String(i.text)),
};

/**
 * Every form of views/ through the Adaptive Card renderer, in the conversation and in a
 * dialog, with few and with many choices: within Adaptive Cards 1.5 and Teams' limits, and
 * every field there as the input of its kind.
 */
describe('every registered form as an Adaptive Card', () => {
  // A form with a file field is never opened in Teams (Adaptive Cards take no file): `users import`
  // asks for the CSV attached to a message instead. Its card would say so (tested below).
  const forms = [...registeredForms().filter((f) => !f.fields.some((x) => x.kind === 'file')), pickUserForm];
  it('a file field, should a card ever show one, asks for an attachment instead', () => {
    const withFile = registeredForms().find((f) => f.fields.some((x) => x.kind === 'file'))!;
    const card = renderFormCard(opened(withFile, 3), { surface: 'conversation', state: state(withFile) });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('attach the file to a message to me in our 1:1 chat instead');
  });
  it('covers the user and voice forms', () => {
    expect(forms.map((f) => f.id)).toEqual(
      expect.arrayContaining([
        'user-add',
        'user-edit',
        'user-permissions',
        'invite',
        'user-reset-password',
        'voice-pin',
      ]),
    );
  });

  for (const form of forms) {
    for (const surface of ['conversation', 'dialog'] as FormSurface[]) {
      for (const count of [3, 100]) {
        it(`${form.id} (${surface}, ${count} choices)`, () => {
          const card = renderFormCard(opened(form, count), {
            surface,
            state: state(form),
            refreshUserIds: surface === 'conversation' ? ['29:ada'] : undefined,
          });
          expect(adaptiveCardProblems(card)).toEqual([]);
          expect(card.version).toBe('1.5');
          const inputs = inputsOf(card);
          expect(inputs.map((i) => i.id)).toEqual(form.fields.map((f) => f.id));
          for (const field of form.fields) {
            const input = inputs.find((i) => i.id === field.id)!;
            expect(
              EXPECTED_INPUT[field.kind](input),
              `${form.id}.${field.id} as ${field.kind}: ${JSON.stringify(input)}`,
            ).toBe(true);
            expect(input.label ?? input.title).toBe(field.label);
            if (field.kind !== 'checkbox') expect(Boolean(input.isRequired)).toBe(field.required);
            if (field.maxLength && input.type === 'Input.Text') expect(input.maxLength).toBe(field.maxLength);
            if (field.choices)
              expect(input.choices.map((c: Choice & { title: string }) => c.value)).toEqual(
                field.choices.map((c) => c.value),
              );
            expect(RESERVED_KEYS as readonly string[]).not.toContain(field.id);
          }
          const submit = actionsOf(card)[0]!;
          expect(submit).toMatchObject(
            surface === 'conversation'
              ? { type: 'Action.Execute', verb: VERBS.formSubmit, title: form.submitLabel, data: { sb: state(form) } }
              : { type: 'Action.Submit', title: form.submitLabel, data: { verb: VERBS.dialogSubmit, sb: state(form) } },
          );
          if (form.fields.some((f) => f.kind === 'secret')) expect(JSON.stringify(card)).toContain(VISIBLE_SECRET_HINT);
        });
      }
    }
  }

  it('a group chat sees a placeholder; the refresh shows the form to its opener only', () => {
    const form = registeredForms()[0]!;
    const card = renderFormPlaceholder(opened(form, 3), state(form), 'Ada Admin', ['29:ada']);
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(inputsOf(card)).toEqual([]);
    expect(card.refresh).toMatchObject({
      userIds: ['29:ada'],
      action: { type: 'Action.Execute', verb: VERBS.formOpen },
    });
    expect(actionsOf(card)[0]).toMatchObject({
      type: 'Action.Submit',
      data: { verb: VERBS.dialogOpen, msteams: { type: 'task/fetch' } },
    });
  });
});

describe('a corrected form', () => {
  const form = registeredForms().find((f) => f.id === 'user-add')!;
  it('shows each error under its field and keeps the values typed', () => {
    const open = opened(form, 3);
    const values = {
      userId: 'lee',
      email: 'not-an-email',
      phone: '12',
      sites: [open.choices.sites![1]!.value],
      sendSetupEmail: false,
      role: 'support',
    };
    const card = renderFormCard(open, {
      surface: 'conversation',
      state: state(form),
      values,
      errors: [
        { field: 'email', message: 'Email is not a valid address' },
        { field: 'phone', message: 'Give the country code' },
      ],
      message: 'Please correct the fields marked.',
    });
    const all = elements(card);
    const at = (id: string) => all.findIndex((e) => e.id === id);
    expect(at('email-error')).toBe(at('email') + 1);
    expect(JSON.stringify(all[at('email-error')])).toContain('Email is not a valid address');
    expect(at('phone-error')).toBe(at('phone') + 1);
    const input = (id: string) => all[at(id)]!;
    expect(input('userId').value).toBe('lee');
    expect(input('email').value).toBe('not-an-email');
    expect(input('sites').value).toBe(open.choices.sites![1]!.value);
    expect(input('sendSetupEmail').value).toBe('false');
    expect(input('role').value).toBe('support');
    expect(JSON.stringify(card)).toContain('Please correct the fields marked.');
  });

  it('does not send a secret back: it is typed again', () => {
    const pin = registeredForms().find((f) => f.id === 'voice-pin');
    if (!pin) return;
    const card = renderFormCard(opened(pin, 3), {
      surface: 'dialog',
      state: state(pin),
      values: { pin: '739164', confirmPin: '739164' },
      errors: [{ field: 'pin', message: 'The digits run up' }],
    });
    expect(JSON.stringify(card)).not.toContain('739164');
    expect(inputsOf(card).every((i) => i.value === undefined)).toBe(true);
  });
});

describe('submitted card values', () => {
  const form = registeredForms().find((f) => f.id === 'user-add')!;
  it('become form values: lists from "a,b", booleans from "true", strings, hidden state dropped', () => {
    expect(
      formValuesFrom(form, { userId: 'lee', sites: 's1,s2', sendSetupEmail: 'true', sb: { formId: 'x' }, verb: 'v' }),
    ).toEqual({
      userId: 'lee',
      label: '',
      firstName: '',
      lastName: '',
      email: '',
      phone: '',
      role: '',
      ...{ invoices: '', orders: '', services: '', tickets: '', fortinetSso: '', merakiSso: '', veloSso: '' },
      sites: ['s1', 's2'],
      sendSetupEmail: true,
    });
    expect(formValuesFrom(form, { sites: '', sendSetupEmail: 'false' })).toMatchObject({
      sites: [],
      sendSetupEmail: false,
    });
  });
});

describe('adaptiveCardProblems', () => {
  it('finds what Teams would refuse', () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.2',
      body: [
        { type: 'Input.Text', label: 'No id' },
        { type: 'Input.Text', id: 'a' },
        { type: 'Input.Text', id: 'a', label: 'Twice' },
        { type: 'Input.ChoiceSet', id: 'c', label: 'C', choices: [{ title: 'x' }] },
        { type: 'Marquee' },
        { type: 'Table', columns: [{}, {}], rows: [{ type: 'TableRow', cells: [{ type: 'TableCell', items: [] }] }] },
        { type: 'TextBlock', text: 'x'.repeat(ADAPTIVE_CARD_LIMITS.maxBytes) },
      ],
      actions: [
        { type: 'Action.Execute', title: 'No verb' },
        ...Array.from({ length: 6 }, () => ({ type: 'Action.Submit', title: 'x' })),
      ],
    };
    const problems = adaptiveCardProblems(bad).join('\n');
    for (const expected of [
      'version is 1.2',
      'bytes, over',
      'an input without an id',
      'an input without a label',
      'id used twice',
      'a choice without title and value',
      'unknown element Marquee',
      '1 cells for 2 columns',
      'without a verb',
      '7 actions',
    ]) {
      expect(problems).toContain(expected);
    }
    expect(adaptiveCardProblems({ type: 'Nope' })).toEqual(['not an AdaptiveCard']);
  });
});
