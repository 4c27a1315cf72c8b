import { isServiceError, type FieldIssue } from '../src/domain/errors.js';
import { listSites } from '../src/services/users/sites.js';
import { listUsers } from '../src/services/users/query.js';
import { permissionsToAskFor } from '../src/services/grants/query.js';
import type { Choice, FormDefinition, FormMetadata, FormValues, OpenForm } from '../views/form.js';
import { commandScope } from './run-gated.js';
import type { Reply } from '../views/reply.js';
import type { CommandContext, CommandRegistry } from './types.js';

export { defineForm, type FormHandler } from './types.js';

/** Resolves the choices a form needs from the account (sites, users) and returns it ready to show. */
export async function openForm(
  ctx: CommandContext,
  form: FormDefinition,
  initial: FormValues = {},
  metadata: FormMetadata = {},
): Promise<OpenForm> {
  const choices: Record<string, Choice[]> = {};
  for (const field of form.fields) {
    if (field.choicesFrom === 'sites') {
      choices[field.id] = (await listSites(ctx.deps, ctx.actor)).map((s) => ({
        value: s.accountNumber,
        label: `${s.name} (${s.accountNumber})`,
      }));
    } else if (field.choicesFrom === 'grantable') {
      choices[field.id] = (await permissionsToAskFor(ctx.deps, ctx.actor)).map((p) => ({ value: p, label: p }));
    } else if (field.choicesFrom === 'users') {
      const page = await listUsers(ctx.deps, ctx.actor, { state: 'enabled', pageSize: 100 });
      choices[field.id] = page.items.map((u) => ({ value: u.userId, label: `${u.name || u.userId} (${u.userId})` }));
    }
  }
  return { form, initial, metadata, choices };
}

export type SubmitOutcome = { ok: true; reply: Reply } | { ok: false; errors: FieldIssue[]; message: string };

/** Maps an issue's path (`permissions.invoices`) to the form field it belongs to (`invoices`). */
function toFormField(form: FormDefinition, field: string): string | null {
  const segments = field.split('.');
  for (let i = segments.length - 1; i >= 0; i--) {
    const candidate = segments[i]!;
    if (form.fields.some((f) => f.id === candidate)) return candidate;
  }
  return null;
}

/** The first issue of each form field, in the order the schema reports them. */
function fieldIssues(form: FormDefinition, issues: readonly { path: PropertyKey[]; message: string }[]): FieldIssue[] {
  const errors: FieldIssue[] = [];
  for (const issue of issues) {
    const field = toFormField(form, issue.path.map(String).join('.'));
    if (field && !errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
  }
  return errors;
}

/**
 * What the form's own schema says of one field, given the values so far (fields not yet
 * answered are empty): its rule (format, length, choice) checked as soon as it is answered,
 * without the service. Null when the schema has nothing against it.
 */
export function checkField(
  form: FormDefinition,
  fieldId: string,
  values: FormValues,
  metadata: FormMetadata = {},
): string | null {
  const parsed = form.schema.safeParse({ ...values, ...metadata });
  if (parsed.success) return null;
  return fieldIssues(form, parsed.error.issues).find((e) => e.field === fieldId)?.message ?? null;
}

/**
 * Validates a submission with the form's schema and carries it out. Problems come back by
 * form field, so each platform shows them next to the field; a refusal that is not about a
 * field (not allowed, changed meanwhile) comes back as `message`.
 */
export async function submitFormIn(
  registry: CommandRegistry,
  ctx: CommandContext,
  formId: string,
  values: FormValues,
  metadata: FormMetadata = {},
): Promise<SubmitOutcome> {
  const handler = registry.form(formId);
  if (!handler)
    return { ok: false, errors: [], message: `This form (${formId}) is no longer available; run the command again.` };
  const parsed = handler.form.schema.safeParse({ ...values, ...metadata });
  if (!parsed.success) {
    const errors = fieldIssues(handler.form, parsed.error.issues);
    const message =
      errors.length > 0
        ? 'Please correct the fields marked.'
        : (parsed.error.issues[0]?.message ?? 'The form is not valid.');
    return { ok: false, errors, message };
  }
  try {
    return { ok: true, reply: await handler.submit(commandScope(ctx, registry), parsed.data) };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const errors = error.fields.flatMap((f) => {
      const field = toFormField(handler.form, f.field);
      return field ? [{ field, message: f.message }] : [];
    });
    return { ok: false, errors, message: error.message };
  }
}
