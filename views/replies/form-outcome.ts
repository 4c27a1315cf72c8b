import type { FormDefinition } from '../form.js';
import { failure, type Reply } from '../reply.js';

/**
 * A form that was not saved, as a message (when the form itself can no longer show it): why, and
 * each field's problem by the field's label.
 */
export function notSavedReply(
  form: FormDefinition,
  message: string,
  issues: readonly { field: string; message: string }[] = [],
): Reply {
  const summary = `${form.title}: not saved. ${message}`;
  if (issues.length === 0) return failure(summary);
  const label = (id: string) => form.fields.find((f) => f.id === id)?.label ?? id;
  return failure(summary, [
    { type: 'text', text: `${form.title}: not saved.` },
    { type: 'fields', fields: issues.map((issue) => ({ label: label(issue.field), value: issue.message })) },
  ]);
}
