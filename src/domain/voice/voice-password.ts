import { randomInt } from 'node:crypto';

/**
 * The Voice Manager/WebEx password rules of DESIGN.md: 8 to 64 characters with at least
 * one digit. Voice Manager and WebEx share the password and WebEx does not ask the user
 * to change it, so it is final as set. Messages never repeat the password.
 */

export const VOICE_PASSWORD_MIN_LENGTH = 8;
export const VOICE_PASSWORD_MAX_LENGTH = 64;
export const GENERATED_VOICE_PASSWORD_LENGTH = 16;

export type VoicePasswordRuleCode =
  | 'VOICE_PASSWORD.MISSING'
  | 'VOICE_PASSWORD.TOO_SHORT'
  | 'VOICE_PASSWORD.TOO_LONG'
  | 'VOICE_PASSWORD.NO_DIGIT'
  | 'VOICE_PASSWORD.INVALID_CHARACTERS';

export interface VoicePasswordProblem {
  code: VoicePasswordRuleCode;
  message: string;
}

/** The first rule a Voice Manager/WebEx password breaks, or null. Length counts characters, not bytes. */
export function voicePasswordProblem(password: string): VoicePasswordProblem | null {
  const length = [...password].length;
  if (length === 0) {
    return {
      code: 'VOICE_PASSWORD.MISSING',
      message: `Enter a Voice Manager/WebEx password of ${VOICE_PASSWORD_MIN_LENGTH} to ${VOICE_PASSWORD_MAX_LENGTH} characters with at least one digit, or ask for a generated one.`,
    };
  }
  if (length < VOICE_PASSWORD_MIN_LENGTH) {
    return {
      code: 'VOICE_PASSWORD.TOO_SHORT',
      message: `The password has ${length} characters; a Voice Manager/WebEx password needs at least ${VOICE_PASSWORD_MIN_LENGTH}.`,
    };
  }
  if (length > VOICE_PASSWORD_MAX_LENGTH) {
    return {
      code: 'VOICE_PASSWORD.TOO_LONG',
      message: `The password has ${length} characters; a Voice Manager/WebEx password can have at most ${VOICE_PASSWORD_MAX_LENGTH}.`,
    };
  }
  if (/[\u0000-\u001f\u007f-\u009f]/.test(password)) {
    return {
      code: 'VOICE_PASSWORD.INVALID_CHARACTERS',
      message:
        'The password contains a control character (such as a tab or line break); use only characters that can be typed at a login prompt.',
    };
  }
  if (!/[0-9]/.test(password)) {
    return {
      code: 'VOICE_PASSWORD.NO_DIGIT',
      message: 'The password has no digit; include at least one number (0-9).',
    };
  }
  return null;
}

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const DIGITS = '23456789';

/**
 * A 16-character password from a cryptographic source, with at least one digit, one
 * lower-case and one upper-case letter (about 93 bits).
 */
export function generateVoicePassword(random: (max: number) => number = (max) => randomInt(0, max)): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < GENERATED_VOICE_PASSWORD_LENGTH; i++) password += ALPHABET[random(ALPHABET.length)];
    if (
      [...password].some((c) => DIGITS.includes(c)) &&
      /[a-z]/.test(password) &&
      /[A-Z]/.test(password) &&
      voicePasswordProblem(password) === null
    ) {
      return password;
    }
  }
}
