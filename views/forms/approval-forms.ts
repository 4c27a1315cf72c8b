import { z } from 'zod/v4';
import type { FormDefinition } from '../form.js';

export const REASON_MAX = 500;

/** Why a request is denied (`approvals deny <id>` without --reason, the Deny button); the requester is told. */
export const denyForm: FormDefinition = {
  id: 'approval-deny',
  title: 'Deny the change',
  submitLabel: 'Deny',
  intro: 'The requester is told your reason.',
  fields: [{ id: 'reason', label: 'Reason', kind: 'textarea', required: true, maxLength: REASON_MAX }],
  schema: z.object({
    request: z.string(),
    reason: z
      .string({ error: 'Say why you deny it' })
      .trim()
      .min(1, 'Say why you deny it; the requester is told.')
      .max(REASON_MAX, `At most ${REASON_MAX} characters`),
  }),
};
