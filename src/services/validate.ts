import type { z } from 'zod/v4';
import { ServiceError, type FieldIssue } from '../domain/errors.js';

/** Parses a service input; bad input becomes VALIDATION.INVALID with one issue per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldIssue[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join('.') : 'input';
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message });
  }
  throw ServiceError.validation(fields);
}
