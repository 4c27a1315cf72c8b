import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, describeDeliveryError, retryDelayMs } from '../../src/mail/retry-policy.js';

describe('retry policy', () => {
  it('doubles the wait after each failed attempt up to the cap, and jitter only shortens it', () => {
    const fixed = { ...DEFAULT_RETRY_POLICY, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((a) => retryDelayMs(a, fixed) / 1000)).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
    expect(retryDelayMs(60, fixed)).toBe(3_600_000);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(120_000);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0.999999)).toBe(96_000);
    // about three hours from the first failure to giving up
    const total = Array.from({ length: DEFAULT_RETRY_POLICY.maxAttempts - 1 }, (_, i) =>
      retryDelayMs(i + 1, fixed),
    ).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeCloseTo(3.04, 1);
  });

  it('describes an error on one line with its codes, every secret replaced, bounded in length', () => {
    const error = Object.assign(
      new Error('Message failed: 550 5.7.1 link https://x.test/signup/TOKEN123456 rejected\n for user:hunter22'),
      { code: 'EMESSAGE', responseCode: 550 },
    );
    expect(
      describeDeliveryError(error, ['https://x.test/signup/TOKEN123456', 'TOKEN123456', 'hunter22', null, 'ab']),
    ).toBe('EMESSAGE 550: Message failed: 550 5.7.1 link [redacted] rejected for user:[redacted]');
    expect(describeDeliveryError(new Error('x'.repeat(2_000)), []).length).toBe(500);
    expect(describeDeliveryError('plain text', [])).toBe('plain text');
    expect(describeDeliveryError(undefined, [])).toBe('unknown error');
  });
});
