import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_PIN_LENGTH,
  generatePin,
  isSequential,
  pinProblem,
  repeatingBlock,
  type PinContext,
} from '../../src/domain/voice/pin-rules.js';

const user: PinContext = { extension: '1814', phoneNumber: '+17039350427' };
const codeOf = (pin: string, context: PinContext = user) => pinProblem(pin, context)?.code ?? null;
const reverse = (text: string) => [...text].reverse().join('');

describe('voicemail PIN rules', () => {
  it.each([
    ['583', 'PIN.TOO_SHORT'],
    ['', 'PIN.MISSING'],
    ['583920174', 'PIN.TOO_LONG'],
    ['58392017', null],
    ['5839', null],
  ])('length: %j -> %s', (pin, code) => {
    expect(codeOf(pin)).toBe(code);
  });

  it.each(['58a9', '5839 ', '58-39', '+5839', '５８３９', '5839x201', 'abcd'])('refuses non-digits: %j', (pin) => {
    expect(codeOf(pin)).toBe('PIN.NOT_DIGITS');
  });

  it.each([
    ['0000', 'PIN.ALL_SAME'],
    ['77777777', 'PIN.ALL_SAME'],
    ['1234', 'PIN.SEQUENTIAL'],
    ['8765', 'PIN.SEQUENTIAL'],
    ['345678', 'PIN.SEQUENTIAL'],
    ['7890', 'PIN.SEQUENTIAL'],
    ['2109', 'PIN.SEQUENTIAL'],
    ['1212', 'PIN.REPEATING'],
    ['123123', 'PIN.REPEATING'],
    ['12121', 'PIN.REPEATING'],
    ['45904590', 'PIN.REPEATING'],
    ['1231', null],
    ['1243', null],
  ])('patterns: %s -> %s', (pin, code) => {
    expect(codeOf(pin)).toBe(code);
  });

  it("refuses the user's extension inside the PIN, forwards and reversed", () => {
    expect(codeOf('518142')).toBe('PIN.CONTAINS_EXTENSION');
    expect(codeOf('1814')).toBe('PIN.CONTAINS_EXTENSION');
    expect(codeOf('941810')).toBe('PIN.CONTAINS_EXTENSION'); // 4181 reversed
    expect(codeOf('518142', { phoneNumber: user.phoneNumber })).toBeNull(); // no extension, no rule
    expect(codeOf('90357', { extension: '35' })).toBe('PIN.CONTAINS_EXTENSION');
    expect(codeOf('90537', { extension: '35' })).toBe('PIN.CONTAINS_EXTENSION');
  });

  it("refuses the last four digits of the user's number, forwards and reversed", () => {
    expect(codeOf('304279')).toBe('PIN.CONTAINS_NUMBER');
    expect(codeOf('0427')).toBe('PIN.CONTAINS_NUMBER');
    expect(codeOf('972405')).toBe('PIN.CONTAINS_NUMBER'); // 7240 reversed
    expect(codeOf('304279', { extension: '1814' })).toBeNull(); // no number, no rule
  });

  it('gives each refusal a message an admin can act on, without the PIN in it', () => {
    for (const pin of [
      '583',
      '583920174',
      '58a9',
      '0000',
      '1234',
      '8765',
      '1212',
      '123123',
      '518142',
      '941810',
      '304279',
      '972405',
    ]) {
      const problem = pinProblem(pin, user)!;
      expect(problem, pin).not.toBeNull();
      expect(problem.message, pin).not.toContain(pin);
      expect(problem.message).toMatch(/choose|enter|use|needs|may contain|can have/i);
    }
    expect(pinProblem('1234')!.message).toBe(
      'The PIN is a run of consecutive digits; choose digits that do not go up or down in order.',
    );
  });

  describe('properties', () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

    it('one digit repeated is ALL_SAME at any allowed length', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 9 }),
          fc.integer({ min: 4, max: 8 }),
          (d, n) => codeOf(String(d).repeat(n), {}) === 'PIN.ALL_SAME',
        ),
      );
    });

    it('any run up or down is SEQUENTIAL', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 9 }),
          fc.integer({ min: 4, max: 8 }),
          fc.constantFrom(1, -1),
          (start, n, step) => {
            const pin = Array.from({ length: n }, (_, i) => String((start + step * i + 100) % 10)).join('');
            return isSequential(pin) && codeOf(pin, {}) === 'PIN.SEQUENTIAL';
          },
        ),
      );
    });

    it('any shorter block said twice or more is refused (REPEATING, or ALL_SAME for one digit)', () => {
      fc.assert(
        fc.property(digits(1, 4), fc.integer({ min: 2, max: 8 }), (block, times) => {
          const pin = block.repeat(times).slice(0, 8);
          fc.pre(pin.length >= 4 && pin.length >= block.length * 2);
          return ['PIN.REPEATING', 'PIN.ALL_SAME'].includes(codeOf(pin, {})!) && repeatingBlock(pin) !== null;
        }),
      );
    });

    it('an accepted PIN is 4-8 digits and holds neither the extension nor the last four digits, either way round', () => {
      fc.assert(
        fc.property(digits(4, 8), digits(2, 6), digits(10, 10), (pin, extension, national) => {
          const context = { extension, phoneNumber: `+1${national}` };
          if (pinProblem(pin, context) !== null) return true;
          const last4 = national.slice(-4);
          return (
            /^[0-9]{4,8}$/.test(pin) &&
            !pin.includes(extension) &&
            !pin.includes(reverse(extension)) &&
            !pin.includes(last4) &&
            !pin.includes(reverse(last4))
          );
        }),
        { numRuns: 2000 },
      );
    });

    it('anything with a character other than 0-9 is NOT_DIGITS, and no message repeats the PIN', () => {
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 12 }).filter((s) => /[^0-9]/.test(s)),
          (pin) => codeOf(pin) === 'PIN.NOT_DIGITS',
        ),
      );
      fc.assert(
        fc.property(digits(4, 12), (pin) => {
          const problem = pinProblem(pin, user);
          return problem === null || !problem.message.includes(pin);
        }),
      );
    });
  });
});

describe('generated PINs', () => {
  const pins = Array.from({ length: 5000 }, () => generatePin(user));

  it('are 6 digits that keep every rule for the user', () => {
    for (const pin of pins) {
      expect(pin).toMatch(new RegExp(`^[0-9]{${GENERATED_PIN_LENGTH}}$`));
      expect(pinProblem(pin, user)).toBeNull();
    }
  });

  it('are distinct and not predictable from one another', () => {
    // ~970,000 PINs keep the rules: 5,000 draws should collide about 13 times.
    expect(new Set(pins).size).toBeGreaterThan(4950);
    // The step from one PIN to the next is as random as the PINs themselves.
    const steps = pins.slice(1).map((pin, i) => (Number(pin) - Number(pins[i]) + 1_000_000) % 1_000_000);
    expect(new Set(steps).size).toBeGreaterThan(4940);
    // Each position uses every digit about equally (expected 500 each, sd ~21).
    for (let position = 0; position < GENERATED_PIN_LENGTH; position++) {
      const counts = new Array<number>(10).fill(0);
      for (const pin of pins) counts[Number(pin[position])]!++;
      for (const count of counts) expect(count).toBeGreaterThan(380);
      for (const count of counts) expect(count).toBeLessThan(620);
    }
    // A digit matches the digit in the same place of the next PIN about 1 time in 10 (expected ~3,000, sd ~52).
    let same = 0;
    for (let i = 1; i < pins.length; i++)
      for (let p = 0; p < GENERATED_PIN_LENGTH; p++) if (pins[i]![p] === pins[i - 1]![p]) same++;
    expect(same).toBeGreaterThan(2700);
    expect(same).toBeLessThan(3300);
  });

  it('throws away a candidate that breaks a rule and draws again', () => {
    const draws = [1, 2, 3, 4, 5, 6, 5, 8, 3, 9, 2, 0];
    expect(generatePin(user, () => draws.shift()!)).toBe('583920');
    expect(draws).toHaveLength(0);
  });
});
