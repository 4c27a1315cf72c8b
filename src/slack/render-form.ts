import type { types, ViewStateValue } from '@slack/bolt';
import type { Choice, FieldDefinition, FieldKind, FormDefinition, FormValues, OpenForm } from '../../views/form.js';
import { choicesOf, VISIBLE_SECRET_HINT } from '../../views/form.js';
import { LIMITS } from './limits.js';
import { mrkdwn, plain } from './render-text.js';

/** The callback_id of every Switchboard modal; the form itself is named in private_metadata. */
export const FORM_CALLBACK_ID = 'switchboard_form';

/** What Bolt's `app.view` matches a submitted Switchboard form by; once-only.ts tells it apart by the same. */
export const FORM_SUBMISSION = { callback_id: FORM_CALLBACK_ID, type: 'view_submission' } as const;

/** The input block of a field: Slack keys `response_action: errors` and submitted values by it. */
export const fieldBlockId = (fieldId: string) => `field:${fieldId}`;

type Element = types.InputBlock['element'];
type Option = types.PlainTextOption;

interface Rendering {
  field: FieldDefinition;
  initial: FormValues[string];
  choices: Choice[];
}

/**
 * Every field kind of `views/form.ts` as a Block Kit element, and how its submitted state
 * reads back as a form value. The one place that knows the mapping: a new kind added to
 * FieldKind does not compile until it has a row here.
 */
export const FIELD_ELEMENTS: Record<
  FieldKind,
  { element(r: Rendering): Element; read(state: ViewStateValue | undefined): FormValues[string]; optional?: boolean }
> = {
  text: { element: (r) => textInput(r), read: readText },
  email: {
    element: ({ field, initial }) => ({
      type: 'email_text_input',
      action_id: field.id,
      ...placeholder(field),
      ...(typeof initial === 'string' && initial ? { initial_value: initial } : {}),
    }),
    read: readText,
  },
  phone: { element: (r) => textInput(r, { placeholder: r.field.placeholder ?? '+1 703 555 0100' }), read: readText },
  // Slack cannot mask a text input: never prefilled, and the hint says it shows on screen.
  secret: { element: (r) => textInput({ ...r, initial: undefined }), read: readText },
  textarea: { element: (r) => textInput(r, { multiline: true }), read: readText },
  select: {
    element: ({ field, initial, choices }) => {
      const chosen = choices.find((c) => c.value === initial);
      return {
        type: 'static_select',
        action_id: field.id,
        ...placeholder(field, 'Choose'),
        ...optionList(choices),
        ...(chosen ? { initial_option: option(chosen) } : {}),
      };
    },
    read: (state) => state?.selected_option?.value ?? '',
  },
  multiselect: {
    element: ({ field, initial, choices }) => {
      const wanted = Array.isArray(initial) ? initial : typeof initial === 'string' && initial ? [initial] : [];
      const chosen = choices.filter((c) => wanted.includes(c.value));
      return {
        type: 'multi_static_select',
        action_id: field.id,
        ...placeholder(field, 'Choose'),
        ...optionList(choices),
        ...(chosen.length ? { initial_options: chosen.map(option) } : {}),
      };
    },
    read: (state) => (state?.selected_options ?? []).map((o) => o.value),
  },
  checkbox: {
    // A checkbox left clear is a valid "no": the block is always optional.
    optional: true,
    element: ({ field, initial }) => {
      const box = option({ value: 'true', label: field.label });
      return {
        type: 'checkboxes',
        action_id: field.id,
        options: [box],
        ...(initial === true || initial === 'true' ? { initial_options: [box] } : {}),
      };
    },
    read: (state) => (state?.selected_options ?? []).some((o) => o.value === 'true'),
  },
  // The file's bytes are fetched after the submission, with the bot token (slack/files.ts).
  file: {
    element: ({ field }) => ({ type: 'file_input', action_id: field.id, filetypes: ['csv'], max_files: 1 }),
    read: (state) => (state?.files ?? []).map((f) => f.id),
  },
};

function readText(state: ViewStateValue | undefined): string {
  return state?.value ?? '';
}

function placeholder(field: FieldDefinition, fallback?: string) {
  const text = field.placeholder ?? fallback;
  return text ? { placeholder: plain(text, LIMITS.placeholder) } : {};
}

function textInput({ field, initial }: Rendering, extra: { multiline?: boolean; placeholder?: string } = {}): Element {
  const maxLength = Math.min(field.maxLength ?? LIMITS.textInputMaxLength, LIMITS.textInputMaxLength);
  const value = typeof initial === 'string' ? initial.slice(0, maxLength) : '';
  return {
    type: 'plain_text_input',
    action_id: field.id,
    max_length: maxLength,
    ...(extra.multiline ? { multiline: true } : {}),
    ...placeholder(extra.placeholder ? { ...field, placeholder: extra.placeholder } : field),
    ...(value ? { initial_value: value } : {}),
  };
}

/** An option; a value Slack would refuse (over 150 characters) is a bug in the form, so it throws. */
export function option(choice: Choice): Option {
  if (choice.value.length > LIMITS.optionValue || choice.value.length === 0) {
    throw new Error(
      `Option value "${choice.value.slice(0, 40)}" must be 1 to ${LIMITS.optionValue} characters for Slack`,
    );
  }
  return { text: plain(choice.label || choice.value, LIMITS.optionText), value: choice.value };
}

/** Up to 100 options as a list; more as groups of 100 (Slack's limit on both), at most 100 groups. */
function optionList(
  choices: Choice[],
): { options: Option[] } | { option_groups: { label: types.PlainTextElement; options: Option[] }[] } {
  if (choices.length <= LIMITS.selectOptions) return { options: choices.map(option) };
  const groups = [];
  for (let i = 0; i < choices.length && groups.length < LIMITS.optionGroups; i += LIMITS.selectOptions) {
    const slice = choices.slice(i, i + LIMITS.selectOptions);
    groups.push({ label: plain(`${i + 1}–${i + slice.length}`, LIMITS.optionGroupLabel), options: slice.map(option) });
  }
  return { option_groups: groups };
}

function hintOf(field: FieldDefinition): string | undefined {
  if (field.kind !== 'secret') return field.hint;
  return field.hint?.includes(VISIBLE_SECRET_HINT)
    ? field.hint
    : [field.hint, VISIBLE_SECRET_HINT].filter(Boolean).join(' ');
}

export function inputBlock(field: FieldDefinition, initial: FormValues[string], choices: Choice[]): types.InputBlock {
  const kind = FIELD_ELEMENTS[field.kind];
  const hint = hintOf(field);
  return {
    type: 'input',
    block_id: fieldBlockId(field.id),
    optional: kind.optional === true || !field.required,
    label: plain(field.label, LIMITS.inputLabel),
    element: kind.element({ field, initial, choices }),
    ...(hint ? { hint: plain(hint, LIMITS.inputHint) } : {}),
  };
}

/** The modal of an open form; `privateMetadata` comes from `encodeFormMetadata`. */
export function renderModal(open: OpenForm, privateMetadata: string): types.ModalView {
  const { form } = open;
  const blocks: types.KnownBlock[] = [];
  if (form.intro)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(form.intro, LIMITS.sectionText) } });
  for (const field of form.fields) {
    const choices = choicesOf(open, field);
    if ((field.kind === 'select' || field.kind === 'multiselect') && choices.length === 0) {
      // Slack refuses a select without options: say there is nothing to choose (the value reads as empty).
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `*${mrkdwn(field.label, 200)}*: none to choose from.` }],
      });
      continue;
    }
    blocks.push(inputBlock(field, open.initial[field.id], choices));
  }
  if (blocks.length > LIMITS.viewBlocks)
    throw new Error(`Form ${form.id} has ${blocks.length} blocks; Slack allows ${LIMITS.viewBlocks}`);
  if (privateMetadata.length > LIMITS.privateMetadata)
    throw new Error(`Form ${form.id}: private_metadata is over ${LIMITS.privateMetadata} characters`);
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, LIMITS.viewTitle),
    submit: plain(form.submitLabel, LIMITS.viewButton),
    close: plain('Cancel', LIMITS.viewButton),
    private_metadata: privateMetadata,
    blocks,
  };
}

/** What the user submitted, by field id, as `submitForm` takes it. */
export function readSubmission(
  form: FormDefinition,
  state: { values: Record<string, Record<string, ViewStateValue>> } | undefined,
): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    values[field.id] = FIELD_ELEMENTS[field.kind].read(state?.values[fieldBlockId(field.id)]?.[field.id]);
  }
  return values;
}

/** Field problems as `response_action: errors` wants them: by the field's block_id. */
export function blockErrors(
  form: FormDefinition,
  errors: { field: string; message: string }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of errors) {
    if (form.fields.some((f) => f.id === error.field) && !out[fieldBlockId(error.field)]) {
      out[fieldBlockId(error.field)] = error.message.slice(0, LIMITS.inputHint);
    }
  }
  return out;
}

/** A small modal that only tells something (a refusal, "working on it"); its button goes back or closes. */
export function noticeView(title: string, text: string, close = 'Close'): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.viewTitle),
    close: plain(close, LIMITS.viewButton),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(text, LIMITS.sectionText) } }],
  };
}
