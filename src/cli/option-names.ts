import { isServiceError, ServiceError } from '../domain/errors.js';

/** The option of a CLI command each service input field comes from, e.g. `{ userId: '--user-id' }`. */
export type OptionNames = Readonly<Record<string, string>>;

/**
 * A service's refusal in the words the operator typed: bad input names the options
 * (`--user-id: User ID must be at least 3 characters`), not the service's fields (`userId`).
 * A field with no option of its own keeps its name.
 */
export function inOptionNames(error: ServiceError, options: OptionNames): ServiceError {
  if (error.fields.length === 0) return error;
  const fields = error.fields.map((f) => ({ field: options[f.field] ?? f.field, message: f.message }));
  // Only a validation error's message is made of its fields; the others say what is wrong in words.
  if (error.code === 'VALIDATION.INVALID') return ServiceError.validation(fields);
  return new ServiceError(error.code, error.message, fields);
}

/** Runs a command's service call; its refusals name the command's options (`inOptionNames`). */
export async function namingOptions<T>(options: OptionNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isServiceError(error) ? inOptionNames(error, options) : error;
  }
}
