import { z } from 'zod/v4';
import type { FormDefinition } from '../form.js';

/** The first step of a dialog whose form is about one user (a command's `form.target`). Never registered. */
export const pickUserForm: FormDefinition = {
  id: 'pick-user',
  title: 'Which user?',
  submitLabel: 'Next',
  fields: [
    { id: 'user', label: 'User', kind: 'text', required: true, maxLength: 254, hint: 'A portal User ID or an email' },
  ],
  schema: z.object({ user: z.string() }),
};
