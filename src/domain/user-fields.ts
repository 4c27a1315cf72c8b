import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';
import { z } from 'zod/v4';

/** User ID: 3-64 of letters, digits and `._@+-`. */
export const userIdSchema = z
  .string({ error: 'User ID is required' })
  .trim()
  .min(3, 'User ID must be at least 3 characters')
  .max(64, 'User ID must be at most 64 characters')
  .regex(/^[A-Za-z0-9._@+-]+$/, 'User ID may contain only letters, digits and . _ @ + -');

/** The key under which User IDs are unique in an account: case is ignored. */
export const userIdKey = (userId: string): string => userId.trim().toLowerCase();

export const emailSchema = z
  .string({ error: 'Email is required' })
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email({ error: 'Email is not a valid address; use the form name@example.com' }));

export const emailKey = (email: string): string => email.trim().toLowerCase();

const nameSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), `${label} must not contain control characters`);

export const firstNameSchema = nameSchema('First Name');
export const lastNameSchema = nameSchema('Last Name');
export const labelSchema = nameSchema('User Label');

/** Parses a phone number that carries its country code and returns it in E.164. */
export function toE164(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const text = input.trim();
  if (!text.startsWith('+')) {
    return { ok: false, message: 'Phone must start with the country code, e.g. +1 703 555 0100' };
  }
  try {
    const number = parsePhoneNumberWithError(text);
    if (!number.isValid()) {
      return { ok: false, message: `Phone ${text} is not a valid number for country code +${number.countryCallingCode}` };
    }
    return { ok: true, value: number.number };
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'INVALID';
    const detail = reason === 'TOO_SHORT' ? 'is too short' : reason === 'TOO_LONG' ? 'is too long' : 'is not a phone number';
    return { ok: false, message: `Phone ${text} ${detail}; use E.164 with the country code, e.g. +1 703 555 0100` };
  }
}

export const phoneSchema = z.string({ error: 'Phone is required' }).transform((value, ctx) => {
  const result = toE164(value);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.value;
});
