import { parsePhoneNumberWithError, ParseError } from 'libphonenumber-js/max';
import { z } from 'zod/v4';

/**
 * Input fields of a voice profile. Phone numbers are parsed by libphonenumber-js and kept
 * in E.164; a number without a country code is read as a US (NANP) number, as the
 * portal's voice pages are.
 */

/** A phone number in E.164, or why it is not one (naming the field). */
export function toVoiceNumber(
  label: string,
  input: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const text = input.trim();
  try {
    const number = parsePhoneNumberWithError(text, 'US');
    if (!number.isValid())
      return {
        ok: false,
        message: `${label} ${text} is not a valid phone number; use E.164 with the country code, e.g. +1 703 935 1814`,
      };
    return { ok: true, value: number.number };
  } catch (error) {
    const reason = error instanceof ParseError ? error.message : 'INVALID';
    const detail =
      reason === 'TOO_SHORT' ? 'is too short' : reason === 'TOO_LONG' ? 'is too long' : 'is not a phone number';
    return { ok: false, message: `${label} ${text} ${detail}; use E.164 with the country code, e.g. +1 703 935 1814` };
  }
}

export const voiceNumberSchema = (label: string) =>
  z.string({ error: `${label} must be a phone number` }).transform((value, ctx) => {
    const result = toVoiceNumber(label, value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });

/** An empty string clears an optional number; anything else must parse. */
export const optionalVoiceNumberSchema = (label: string) =>
  z.union([z.literal('').transform(() => null), z.null(), voiceNumberSchema(label)]);

export const EXTENSION_MIN = 2;
export const EXTENSION_MAX = 6;

export const extensionSchema = z
  .string({ error: 'Extension must be digits' })
  .trim()
  .regex(
    new RegExp(`^[0-9]{${EXTENSION_MIN},${EXTENSION_MAX}}$`),
    `Extension must be ${EXTENSION_MIN} to ${EXTENSION_MAX} digits`,
  );

export const directoryNameSchema = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), `${label} must not contain control characters`);

/** True for a time zone name this runtime knows (IANA, including aliases such as US/Eastern). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string({ error: 'Time zone must be a name such as US/Eastern' })
  .trim()
  .refine(isTimeZone, 'Time zone must be an IANA name such as US/Eastern, America/Chicago or America/Los_Angeles');

/** "(GMT-04:00) US/Eastern", as the portal's time zone picker shows it, at a moment. */
export function timeZoneLabel(name: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  const offset = part?.value === 'GMT' ? 'GMT+00:00' : (part?.value ?? 'GMT');
  return `(${offset}) ${name}`;
}
