import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Link tokens: 32 random bytes, base64url in the link, stored only as their SHA-256.
 * A token has 256 bits of entropy, so a fast hash is enough to make the stored
 * value useless to someone who reads the database.
 */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as it can appear in a link: 43 base64url characters. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
