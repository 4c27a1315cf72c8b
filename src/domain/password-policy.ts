import { dictionary } from '@zxcvbn-ts/language-common';
import { ServiceError } from './errors.js';

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()),
);

export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 128;

/**
 * The portal-password rules of DESIGN.md. Throws a ServiceError on the `password` field;
 * the message never repeats the password.
 */
export function checkPortalPassword(password: string, identity: { userId: string; email: string }): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN) {
    throw ServiceError.field('PASSWORD.TOO_SHORT', 'password', `Password must be at least ${PASSWORD_MIN} characters (it has ${length}); a few unrelated words make a good one`);
  }
  if (length > PASSWORD_MAX) {
    throw ServiceError.field('PASSWORD.TOO_LONG', 'password', `Password must be at most ${PASSWORD_MAX} characters (it has ${length})`);
  }
  const lower = password.toLowerCase();
  const emailName = identity.email.split('@')[0]?.toLowerCase() ?? '';
  const userId = identity.userId.toLowerCase();
  if (lower.includes(userId) || (emailName.length >= 3 && lower.includes(emailName))) {
    throw ServiceError.field('PASSWORD.CONTAINS_IDENTITY', 'password', 'Password must not contain your User ID or the name part of your email address');
  }
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) {
    throw ServiceError.field('PASSWORD.COMMON', 'password', 'Password is on a list of commonly used passwords; choose another');
  }
}
