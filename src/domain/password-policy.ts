import { ServiceError } from './errors.js';
import { guessability, type Weakness } from './password-strength.js';

export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 128;
/** Name parts shorter than this are not refused inside a password on their own (the estimator still weighs them). */
const NAME_PART_MIN = 4;

/** Whose password it is: what it must not contain. */
export interface PasswordOwner {
  userId: string;
  email: string;
  firstName?: string;
  lastName?: string;
}

/** The form every check and the hash use: NFKC, so that look-alike forms (full-width digits, ligatures) count as what they look like. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

const lower = (text: string) => normalizePassword(text).toLowerCase();

/** The owner's own words: User ID, the name part of the email, the names and their parts. */
export function ownerWords(owner: PasswordOwner): { word: string; min: number }[] {
  const names = [owner.firstName ?? '', owner.lastName ?? ''].map(lower);
  const nameParts = names.flatMap((name) => [name, ...name.split(/[\s\-'’.]+/u)]);
  return [
    { word: lower(owner.userId), min: 1 },
    { word: lower(owner.email.split('@')[0] ?? ''), min: 3 },
    ...nameParts.map((word) => ({ word, min: NAME_PART_MIN })),
  ].filter(({ word, min }) => word.length >= min);
}

const ADVICE = 'choose another: a few unrelated words make a good one';
const MESSAGES: Record<Weakness, { code: string; message: string }> = {
  identity: {
    code: 'PASSWORD.CONTAINS_IDENTITY',
    message: 'Password must not contain your name, your User ID or the name part of your email address',
  },
  breached: {
    code: 'PASSWORD.COMMON',
    message: `Password is, or is made from, passwords found in leaked password lists, so attackers try it early; ${ADVICE}`,
  },
  pattern: {
    code: 'PASSWORD.PREDICTABLE',
    message: `Password is mostly a sequence, a repeat or a keyboard pattern (like 1234, abcabc or qwerty), so it is easy to guess; ${ADVICE}`,
  },
};

/**
 * The portal-password rules: 15 to 128 characters after NFKC normalisation; not containing the
 * owner's User ID, email name or names; not guessable from the breached-password corpus, sequences,
 * repeats, keyboard patterns or the owner's words. Returns the normalised password, which is the one
 * to hash. Throws a ServiceError on the `password` field; no message repeats the password.
 */
export async function checkPortalPassword(password: string, owner: PasswordOwner): Promise<string> {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN) {
    const message = `Password must be at least ${PASSWORD_MIN} characters (it has ${length}); a few unrelated words make a good one`;
    throw ServiceError.field('PASSWORD.TOO_SHORT', 'password', message);
  }
  if (length > PASSWORD_MAX) {
    throw ServiceError.field(
      'PASSWORD.TOO_LONG',
      'password',
      `Password must be at most ${PASSWORD_MAX} characters (it has ${length})`,
    );
  }
  const words = ownerWords(owner);
  const text = normalized.toLowerCase();
  if (words.some(({ word }) => text.includes(word))) throw refusal('identity');
  const weakness = await guessability(
    normalized,
    words.map(({ word }) => word),
  );
  if (weakness) throw refusal(weakness);
  return normalized;
}

function refusal(weakness: Weakness): ServiceError {
  const { code, message } = MESSAGES[weakness];
  return ServiceError.field(code, 'password', message);
}
