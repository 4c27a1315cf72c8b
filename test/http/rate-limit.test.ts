import { expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limit.js';

it('allows `limit` requests per key per window, says when to come back, and keeps its memory bounded', () => {
  let now = 1_000_000;
  const limiter = new RateLimiter({ limit: 2, windowMs: 60_000 }, () => now, 3);
  expect(limiter.take('a')).toEqual({ allowed: true });
  expect(limiter.take('a')).toEqual({ allowed: true });
  expect(limiter.take('b')).toEqual({ allowed: true });
  now += 15_000;
  expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
  now += 45_000;
  expect(limiter.take('a')).toEqual({ allowed: true });

  for (const key of ['c', 'd', 'e', 'f']) limiter.take(key);
  expect(limiter.size).toBe(3);
});
