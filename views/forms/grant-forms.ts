import { z } from 'zod/v4';
import { parseDuration } from '../../src/lib/duration.js';
import type { FormDefinition } from '../form.js';

export const GRANT_REASON_MAX = 500;

/** How long a request may be for, as the form offers it (the service still holds it to GRANT_MAX). */
export const DURATION_PRESETS = ['30m', '1h', '2h', '4h', '8h'] as const;

/** `request` without arguments: a permission the asker does not have yet, for how long, and why. */
export const requestAccessForm: FormDefinition = {
  id: 'access-request',
  title: 'Request access',
  submitLabel: 'Request',
  intro: 'An Administrator approves it; the permission returns to what it was when the time is up.',
  fields: [
    { id: 'permission', label: 'Permission', kind: 'select', required: true, choicesFrom: 'grantable' },
    {
      id: 'duration',
      label: 'For how long',
      kind: 'select',
      required: true,
      choices: DURATION_PRESETS.map((d) => ({ value: d, label: d })),
    },
    {
      id: 'reason',
      label: 'Reason',
      kind: 'textarea',
      required: true,
      maxLength: GRANT_REASON_MAX,
      hint: 'The approvers read it.',
    },
  ],
  schema: z
    .object({
      permission: z.string({ error: 'Choose a permission' }).trim().min(1, 'Choose a permission'),
      duration: z.string({ error: 'Choose how long' }).trim().min(1, 'Choose how long'),
      reason: z
        .string({ error: 'Say why you need it' })
        .trim()
        .min(1, 'Say why you need it: the approvers read it')
        .max(GRANT_REASON_MAX, `At most ${GRANT_REASON_MAX} characters`),
    })
    .transform((v, ctx) => {
      const durationMs = parseDuration(v.duration);
      if (durationMs === null) ctx.addIssue({ code: 'custom', path: ['duration'], message: 'Choose how long' });
      return { permission: v.permission, durationMs: durationMs ?? 0, reason: v.reason };
    }),
};

export const GRANT_FORMS = [requestAccessForm];
