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

/** Tabs, line breaks and other control characters (C0, DEL, C1), and the line and paragraph separators. */
const CONTROL_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}]/u;
/** Characters that reorder the text around them: bidi embeddings, overrides, isolates and marks (U+202E and the like). */
const BIDI_CONTROL = /\p{Bidi_Control}/u;
/** Half of a surrogate pair on its own: not text. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a person's name is refused, or null: the one rule for First Name, Last Name and User Label,
 * in `user add`, `user edit`, `invite`, `admin create` and their forms. Checked before trimming,
 * so a control character is refused wherever it is.
 */
export function personNameProblem(label: string, value: string): string | null {
  if (LONE_SURROGATE.test(value))
    return `${label} contains a broken character (half of a surrogate pair); type the name again`;
  if (CONTROL_CHARACTER.test(value)) {
    return `${label} must not contain control characters such as tabs or line breaks; type the name on one line`;
  }
  if (BIDI_CONTROL.test(value)) {
    return (
      `${label} must not contain text-direction control characters (such as right-to-left override or isolate); ` +
      'type the name without them'
    );
  }
  return null;
}

function personName(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be text`) })
    .superRefine((value, ctx) => {
      const problem = personNameProblem(label, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .trim()
    .max(100, `${label} must be at most 100 characters`);
}

const requiredPersonName = (label: string) => personName(label).min(1, `${label} is required`);

export const firstNameSchema = requiredPersonName('First Name');
export const lastNameSchema = requiredPersonName('Last Name');
export const labelSchema = requiredPersonName('User Label');
/** A name an invitation may leave out (`invite --name` gives one or none). */
export const optionalFirstNameSchema = personName('First Name').default('');
export const optionalLastNameSchema = personName('Last Name').default('');

/** Parses a phone number that carries its country code and returns it in E.164. */
export function toE164(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const text = input.trim();
  if (!text.startsWith('+')) {
    return { ok: false, message: 'Phone must start with the country code, e.g. +1 703 555 0100' };
  }
  try {
    const number = parsePhoneNumberWithError(text);
    if (!number.isValid()) {
      return {
        ok: false,
        message: `Phone ${text} is not a valid number for country code +${number.countryCallingCode}`,
      };
    }
    return { ok: true, value: number.number };
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'INVALID';
    const detail =
      reason === 'TOO_SHORT' ? 'is too short' : reason === 'TOO_LONG' ? 'is too long' : 'is not a phone number';
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
