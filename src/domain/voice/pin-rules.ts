import { randomInt } from 'node:crypto';

/**
 * The voicemail PIN rules of DESIGN.md ("Voice"). Pure functions: the rule that needs
 * the stored hashes (equal to the previous PIN) is checked by the service with
 * `verifySecret`. Messages describe the rule and never repeat the PIN.
 */

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
export const GENERATED_PIN_LENGTH = 6;

export type PinRuleCode =
  | 'PIN.MISSING'
  | 'PIN.NOT_DIGITS'
  | 'PIN.TOO_SHORT'
  | 'PIN.TOO_LONG'
  | 'PIN.ALL_SAME'
  | 'PIN.SEQUENTIAL'
  | 'PIN.REPEATING'
  | 'PIN.CONTAINS_EXTENSION'
  | 'PIN.CONTAINS_NUMBER';

export interface PinProblem {
  code: PinRuleCode;
  message: string;
}

/** What a PIN must not contain: the voice user's extension and phone number. */
export interface PinContext {
  extension?: string | null;
  phoneNumber?: string | null;
}

const reversed = (text: string): string => [...text].reverse().join('');

/** Every digit the same: 0000, 777777. */
export function isAllSame(pin: string): boolean {
  return pin.length > 0 && [...pin].every((digit) => digit === pin[0]);
}

/**
 * Digits that go up or down one at a time: 1234, 8765; 0 follows 9 going up and
 * 9 follows 0 going down (7890, 2109), as on a keypad's row of digits.
 */
export function isSequential(pin: string): boolean {
  if (pin.length < 2) return false;
  const step = (i: number) => (Number(pin[i]) - Number(pin[i - 1]) + 10) % 10;
  const first = step(1);
  if (first !== 1 && first !== 9) return false;
  for (let i = 2; i < pin.length; i++) if (step(i) !== first) return false;
  return true;
}

/**
 * A shorter block said at least twice, the last time possibly cut short: 1212,
 * 123123, 12121, 45454545. (A block of one digit is `isAllSame`.)
 */
export function repeatingBlock(pin: string): number | null {
  for (let size = 1; size * 2 <= pin.length; size++) {
    let repeats = true;
    for (let i = size; i < pin.length && repeats; i++) repeats = pin[i] === pin[i - size];
    if (repeats) return size;
  }
  return null;
}

function containsEitherWay(pin: string, part: string): boolean {
  return pin.includes(part) || pin.includes(reversed(part));
}

/** The last four digits of a phone number, or null when it has fewer. */
export function lastFourDigits(phoneNumber: string | null | undefined): string | null {
  const digits = (phoneNumber ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/**
 * The first rule a PIN breaks, or null when it keeps them all (apart from "not the
 * previous PIN", which needs the stored hashes).
 */
export function pinProblem(pin: string, context: PinContext = {}): PinProblem | null {
  if (pin.length === 0) {
    return {
      code: 'PIN.MISSING',
      message: `Enter a new voicemail PIN of ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits, or ask for a generated one.`,
    };
  }
  if (!/^[0-9]+$/.test(pin)) {
    return {
      code: 'PIN.NOT_DIGITS',
      message: `The PIN may contain only digits (no letters, spaces or symbols); enter ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits.`,
    };
  }
  if (pin.length < PIN_MIN_LENGTH) {
    return {
      code: 'PIN.TOO_SHORT',
      message: `The PIN has ${pin.length} digits; a voicemail PIN needs at least ${PIN_MIN_LENGTH} (at most ${PIN_MAX_LENGTH}).`,
    };
  }
  if (pin.length > PIN_MAX_LENGTH) {
    return {
      code: 'PIN.TOO_LONG',
      message: `The PIN has ${pin.length} digits; a voicemail PIN can have at most ${PIN_MAX_LENGTH} (at least ${PIN_MIN_LENGTH}).`,
    };
  }
  if (isAllSame(pin)) {
    return { code: 'PIN.ALL_SAME', message: 'The PIN repeats a single digit; use at least two different digits.' };
  }
  if (isSequential(pin)) {
    return {
      code: 'PIN.SEQUENTIAL',
      message: 'The PIN is a run of consecutive digits; choose digits that do not go up or down in order.',
    };
  }
  if (repeatingBlock(pin) !== null) {
    return {
      code: 'PIN.REPEATING',
      message: 'The PIN repeats a shorter pattern of digits; choose digits that do not repeat a group.',
    };
  }
  const extension = context.extension?.trim();
  if (extension && containsEitherWay(pin, extension)) {
    return {
      code: 'PIN.CONTAINS_EXTENSION',
      message:
        "The PIN contains the user's extension, forwards or reversed; choose digits that do not include the extension.",
    };
  }
  const lastFour = lastFourDigits(context.phoneNumber);
  if (lastFour && containsEitherWay(pin, lastFour)) {
    return {
      code: 'PIN.CONTAINS_NUMBER',
      message:
        "The PIN contains the last 4 digits of the user's phone number, forwards or reversed; choose digits that do not include them.",
    };
  }
  return null;
}

export type DigitSource = (max: number) => number;

const cryptoDigits: DigitSource = (max) => randomInt(0, max);

/**
 * A 6-digit PIN from a cryptographic source that keeps every rule for this user.
 * Candidates that break a rule are thrown away and drawn again, so the PIN is uniform
 * over the PINs the rules allow. (The caller checks "not the previous PIN" and draws again.)
 */
export function generatePin(context: PinContext = {}, random: DigitSource = cryptoDigits): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let pin = '';
    for (let i = 0; i < GENERATED_PIN_LENGTH; i++) pin += String(random(10));
    if (pinProblem(pin, context) === null) return pin;
  }
  throw new Error('could not generate a voicemail PIN that keeps the rules');
}
