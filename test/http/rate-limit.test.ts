import { expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limit.js';

it('allows `limit` requests per key per window, then refuses with the seconds left in the window', async () => {
  const limiter = new RateLimiter({ limit: 2, windowMs: 60_000 }, 'test');
  expect(await limiter.take('a')).toEqual({ allowed: true });
  expect(await limiter.take('a')).toEqual({ allowed: true });
  expect(await limiter.take('b')).toEqual({ allowed: true });
  const refused = await limiter.take('a');
  expect(refused.allowed).toBe(false);
  expect(!refused.allowed && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
  expect(!refused.allowed && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
});

it('keeps the counts of differently named limits apart', async () => {
  const first = new RateLimiter({ limit: 1, windowMs: 60_000 }, 'first');
  const second = new RateLimiter({ limit: 1, windowMs: 60_000 }, 'second');
  expect(await first.take('k')).toEqual({ allowed: true });
  expect(await second.take('k')).toEqual({ allowed: true });
  expect((await first.take('k')).allowed).toBe(false);
});

it('starts a new window once the old one is over', async () => {
  const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 }, 'short');
  expect(await limiter.take('k')).toEqual({ allowed: true });
  expect(await limiter.take('k')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  expect(await limiter.take('k')).toEqual({ allowed: true });
});
