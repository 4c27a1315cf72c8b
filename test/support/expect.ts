import { expect } from 'vitest';
import { ServiceError } from '../../src/domain/errors.js';

/** Awaits a refusal and checks its code (and field, when given); returns it for more checks. */
export async function expectRefusal(promise: Promise<unknown>, code: string, field?: string): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected a refusal with ${code}`).toBeInstanceOf(ServiceError);
  const refusal = error as ServiceError;
  expect(refusal.code).toBe(code);
  if (field) expect(refusal.fields.map((f) => f.field)).toContain(field);
  return refusal;
}
