import type { FieldIssue } from '../../domain/errors.js';
import {
  choicesOf,
  valueText,
  VISIBLE_SECRET_HINT,
  type FieldDefinition,
  type FormValues,
  type OpenForm,
} from '../../../views/form.js';
import { card, plainText, type AdaptiveCard, type CardAction, type CardElement } from './elements.js';
import { VERBS, type FormState } from './verbs.js';

/** Where a form is shown: submitted with Action.Execute in the conversation, Action.Submit in a dialog. */
export type FormSurface = 'conversation' | 'dialog';

export interface FormCardOptions {
  surface: FormSurface;
  state: FormState;
  /** Values to show instead of the form's initial ones (a submission being corrected). */
  values?: FormValues;
  errors?: FieldIssue[];
  /** A problem with the whole submission (refused, changed meanwhile). */
  message?: string;
  /** Universal Actions refresh, so that only these users see the live form (group chats, channels). */
  refreshUserIds?: string[];
  /** The verb a dialog's submit button sends (a form, or the "which user" step). */
  dialogVerb?: string;
}

/** Multi-selects of many choices become a searchable drop-down instead of a list of boxes. */
const EXPANDED_MAX = 8;

function input(open: OpenForm, field: FieldDefinition, value: FormValues[string]): CardElement {
  const common = {
    id: field.id,
    label: field.label,
    isRequired: field.required,
    ...(field.required ? { errorMessage: `${field.label} is required` } : {}),
  };
  const text = (extra: Record<string, unknown>) => ({
    type: 'Input.Text',
    ...common,
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
    ...(field.maxLength ? { maxLength: field.maxLength } : {}),
    ...(valueText(value) ? { value: valueText(value) } : {}),
    ...extra,
  });
  switch (field.kind) {
    case 'text':
    case 'secret':
      return text({});
    case 'email':
      return text({ style: 'Email' });
    case 'phone':
      return text({ style: 'Tel' });
    case 'textarea':
      return text({ isMultiline: true });
    case 'select':
    case 'multiselect': {
      const choices = choicesOf(open, field);
      const multi = field.kind === 'multiselect';
      const style = multi && choices.length <= EXPANDED_MAX ? 'expanded' : choices.length > 15 ? 'filtered' : 'compact';
      return {
        type: 'Input.ChoiceSet',
        ...common,
        isMultiSelect: multi,
        style,
        choices: choices.map((c) => ({ title: c.label, value: c.value })),
        ...(valueText(value) ? { value: valueText(value) } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
      };
    }
    case 'file':
      // Adaptive Cards take no file: a CSV comes attached to a message (the command's help says so).
      return {
        type: 'TextBlock',
        wrap: true,
        text: `${field.label}: attach the file to a message to me in our 1:1 chat instead.`,
      };
    case 'checkbox':
      // A toggle's title is its label; a `label` as well would show the words twice.
      return {
        type: 'Input.Toggle',
        id: field.id,
        title: field.label,
        valueOn: 'true',
        valueOff: 'false',
        value: value === true || value === 'true' ? 'true' : 'false',
      };
  }
}

function fieldElements(
  open: OpenForm,
  field: FieldDefinition,
  value: FormValues[string],
  error: string | undefined,
  secretNote: boolean,
): CardElement[] {
  const elements = [input(open, field, value)];
  if (error)
    elements.push(
      plainText(error, { color: 'attention', size: 'small' }, { id: `${field.id}-error`, spacing: 'small' }),
    );
  const hints = [field.hint, secretNote && field.hint !== VISIBLE_SECRET_HINT ? VISIBLE_SECRET_HINT : undefined].filter(
    Boolean,
  ) as string[];
  for (const hint of hints) elements.push(plainText(hint, { isSubtle: true, size: 'small' }, { spacing: 'small' }));
  if ((field.kind === 'select' || field.kind === 'multiselect') && choicesOf(open, field).length === 0) {
    elements.push(
      plainText('There is nothing to choose from here yet.', { isSubtle: true, size: 'small' }, { spacing: 'small' }),
    );
  }
  return elements;
}

/**
 * One form of `views/` as an Adaptive Card 1.5: the same card in the conversation and in a
 * dialog. Errors sit under their field; submitted values are kept, except secrets, which are
 * typed again rather than sent back.
 */
export function renderFormCard(open: OpenForm, options: FormCardOptions): AdaptiveCard {
  const { form } = open;
  const values: FormValues = { ...open.initial, ...(options.values ?? {}) };
  const errorOf = (id: string) => options.errors?.find((e) => e.field === id)?.message;
  const body: CardElement[] = [];
  if (options.surface === 'conversation') body.push(plainText(form.title, { size: 'large', weight: 'bolder' }));
  if (form.intro) body.push(plainText(form.intro, { isSubtle: true }));
  if (options.message) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [plainText(options.message, { color: 'attention', weight: 'bolder' })],
    });
  }
  // Inputs cannot hide what is typed on every Teams client: the first secret field says so.
  const firstSecret = form.fields.find((f) => f.kind === 'secret');
  for (const field of form.fields) {
    const kept = field.kind === 'secret' && options.values ? undefined : values[field.id];
    body.push(...fieldElements(open, field, kept, errorOf(field.id), field === firstSecret));
  }
  const data = { sb: options.state };
  const actions: CardAction[] =
    options.surface === 'conversation'
      ? [
          {
            type: 'Action.Execute',
            title: form.submitLabel,
            verb: VERBS.formSubmit,
            data,
            style: 'positive',
            associatedInputs: 'auto',
          },
          { type: 'Action.Execute', title: 'Cancel', verb: VERBS.formCancel, data, associatedInputs: 'none' },
        ]
      : [
          {
            type: 'Action.Submit',
            title: form.submitLabel,
            data: { verb: options.dialogVerb ?? VERBS.dialogSubmit, ...data },
            style: 'positive',
          },
        ];
  const refresh =
    options.refreshUserIds && options.refreshUserIds.length > 0
      ? {
          refresh: {
            action: { type: 'Action.Execute', title: 'Open the form', verb: VERBS.formOpen, data },
            userIds: options.refreshUserIds,
          },
        }
      : {};
  return card(body, actions, { fallbackText: form.title, ...refresh });
}

/**
 * What a group chat or channel sees of a form someone opened: the form itself goes only to them,
 * through the refresh; clients that do not refresh can open it as a dialog.
 */
export function renderFormPlaceholder(
  open: OpenForm,
  state: FormState,
  requesterName: string,
  userIds: string[],
): AdaptiveCard {
  const data = { sb: state };
  return card(
    [
      plainText(open.form.title, { size: 'large', weight: 'bolder' }),
      plainText(`${requesterName} is filling in this form; only they see it.`, { isSubtle: true }),
    ],
    [
      {
        type: 'Action.Submit',
        title: 'Open the form',
        data: { verb: VERBS.dialogOpen, msteams: { type: 'task/fetch' }, ...data },
      },
    ],
    {
      fallbackText: open.form.title,
      refresh: { action: { type: 'Action.Execute', title: 'Open the form', verb: VERBS.formOpen, data }, userIds },
    },
  );
}
