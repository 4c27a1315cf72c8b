import { z } from 'zod/v4';
import type { FormDefinition } from '../form.js';

/** A file field's value: the platform's file ids (Slack), or a path typed in the console. */
const fileIds = z
  .union([z.string(), z.array(z.string())], { error: 'Choose the CSV file' })
  .transform((value) => (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean))
  .refine((ids) => ids.length === 1, 'Choose one CSV file');

/** `users import` without a file: the CSV to preview. */
export const importUsersForm: FormDefinition = {
  id: 'users-import',
  title: 'Import users',
  submitLabel: 'Preview',
  intro:
    'A CSV with the columns of users export (User ID, First Name, Last Name, Email, Phone, Role or the ' +
    'permission columns, Sites, Send Setup Email). You see what it would do before anything changes.',
  fields: [
    {
      id: 'file',
      label: 'CSV file',
      kind: 'file',
      required: true,
      hint: 'At most 10 MB and 50,000 rows; the first line names the columns.',
    },
  ],
  schema: z.object({ file: fileIds }),
};
