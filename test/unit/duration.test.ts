import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDuration, formatDuration, parseDuration } from '../../src/lib/duration.js';

const MINUTE = 60_000;
/** Whole minutes up to a year: every length `formatDuration` is asked to write. */
const minutes = fc.integer({ min: 1, max: 366 * 1440 });

describe('durations', () => {
  it('reads back what formatDuration writes, for any whole number of minutes', () => {
    fc.assert(
      fc.property(minutes, (n) => {
        expect(parseDuration(formatDuration(n * MINUTE))).toBe(n * MINUTE);
      }),
    );
  });

  it('writes what it reads in one way: format(parse(format(x))) is format(x)', () => {
    fc.assert(
      fc.property(minutes, (n) => {
        const written = formatDuration(n * MINUTE);
        expect(formatDuration(parseDuration(written)!)).toBe(written);
      }),
    );
  });

  it('reads compound forms with or without spaces: 1h30m, 1h 30m, 2d 4h', () => {
    const part = fc.integer({ min: 0, max: 99 });
    fc.assert(
      fc.property(part, part, fc.integer({ min: 1, max: 59 }), fc.constantFrom('', ' ', '  '), (d, h, m, gap) => {
        const expected = ((d * 24 + h) * 60 + m) * MINUTE;
        expect(parseDuration(`${d}d${gap}${h}h${gap}${m}m`)).toBe(expected);
        expect(parseDuration(`${h}h${gap}${m}m`)).toBe((h * 60 + m) * MINUTE);
      }),
    );
    expect(parseDuration('1h30m')).toBe(90 * MINUTE);
    expect(parseDuration('1h 30m')).toBe(90 * MINUTE);
    expect(parseDuration(' 1 hour 30 minutes ')).toBe(90 * MINUTE);
  });

  it('refuses what is not a duration: no unit, nothing, zero, negative, unknown units, stray words', () => {
    for (const text of ['', '100', '1h30', 'abc', '0m', '0h 0m', '-1h', '1h -30m', '1 fortnight', '1h and 30m', 'h']) {
      expect(parseDuration(text), text).toBeNull();
    }
    fc.assert(
      fc.property(fc.nat(), (n) => {
        expect(parseDuration(String(n))).toBeNull();
      }),
    );
  });

  it("a setting's problem names it and says what is wrong", () => {
    const limits = { min: { ms: MINUTE, text: '1m' }, max: { ms: 30 * 1440 * MINUTE, text: '30d' } };
    expect(checkDuration('APPROVAL_TTL', '1h 30m', limits)).toBe(90 * MINUTE);
    expect(checkDuration('APPROVAL_TTL', '-1h', limits)).toMatch(/^APPROVAL_TTL must be a duration longer than zero/);
    expect(checkDuration('APPROVAL_TTL', '30s', limits)).toBe('APPROVAL_TTL must be at least 1m, not "30s"');
  });
});
