import type { z } from 'zod/v4';

/** The kinds of input a form has; every renderer (Block Kit, Adaptive Cards, console) knows each. */
export type FieldKind =
  | 'text'
  | 'email'
  | 'phone'
  | 'secret'
  | 'textarea'
  | 'select'
  | 'multiselect'
  | 'checkbox'
  /** A file to upload (Slack's file input); its value is the platform's file ids, read through `ctx.fileById`. */
  | 'file';

export interface Choice {
  value: string;
  label: string;
}

export interface FieldDefinition {
  /** The key of the value in a submission, and the service input field it becomes. */
  id: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  hint?: string;
  placeholder?: string;
  maxLength?: number;
  /** Fixed choices of a select or multiselect. */
  choices?: Choice[];
  /** Choices filled in when the form is opened: the account's sites or users, the permissions one may ask for. */
  choicesFrom?: 'sites' | 'users' | 'grantable';
}

/** What a form submission holds: text as strings, selects as strings or lists, checkboxes as booleans. */
export type FormValues = Record<string, string | string[] | boolean | undefined>;

/** Hidden state carried with an open form (Slack private_metadata, Teams card data, console memory). */
export type FormMetadata = Record<string, string | number>;

/**
 * A form, defined once and rendered by every platform. `schema` validates what the user
 * submitted (values plus metadata); its output is the input of the operation the form runs.
 */
export interface FormDefinition<Input = unknown> {
  id: string;
  /** At most 24 characters (Slack's modal title limit). */
  title: string;
  submitLabel: string;
  intro?: string;
  fields: FieldDefinition[];
  schema: z.ZodType<Input>;
}

/** A form ready to show: its definition, initial values, choices resolved, hidden metadata. */
export interface OpenForm {
  form: FormDefinition;
  initial: FormValues;
  metadata: FormMetadata;
  /** Choices of fields with `choicesFrom`, by field id. */
  choices: Record<string, Choice[]>;
}

/** A field's choices: those resolved when the form opened (`choicesFrom`), else its own. */
export const choicesOf = (open: OpenForm, field: FieldDefinition): Choice[] =>
  open.choices[field.id] ?? field.choices ?? [];

/** A form value as one line of text (a list joined by commas, as card inputs send it back). */
export function valueText(value: FormValues[string]): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** Text inputs cannot be masked in Slack: forms that take a secret say so. */
export const VISIBLE_SECRET_HINT =
  'What you type here is visible on your screen; leave it empty to have one generated and shown only to you.';

export const MAX_TITLE = 24;
