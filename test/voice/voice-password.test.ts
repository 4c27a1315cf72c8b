import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateVoicePassword, voicePasswordProblem } from '../../src/domain/voice/voice-password.js';

const codeOf = (password: string) => voicePasswordProblem(password)?.code ?? null;

describe('Voice Manager/WebEx password rules', () => {
  it.each([
    ['', 'VOICE_PASSWORD.MISSING'],
    ['Abc1', 'VOICE_PASSWORD.TOO_SHORT'],
    ['Abcdef1', 'VOICE_PASSWORD.TOO_SHORT'],
    ['Abcdefg1', null],
    ['NoDigitsHere', 'VOICE_PASSWORD.NO_DIGIT'],
    ['abcdefgh', 'VOICE_PASSWORD.NO_DIGIT'],
    ['12345678', null],
    [`A1${'x'.repeat(62)}`, null],
    [`A1${'x'.repeat(63)}`, 'VOICE_PASSWORD.TOO_LONG'],
    ['Tab\there1', 'VOICE_PASSWORD.INVALID_CHARACTERS'],
    ['spaces ok 1', null],
  ])('%j -> %s', (password, code) => {
    expect(codeOf(password)).toBe(code);
  });

  it('counts characters, not bytes: 8 accented letters and a digit pass, 7 emoji do not', () => {
    expect(codeOf('ééééééé1')).toBeNull();
    expect(codeOf('😀😀😀😀😀😀1')).toBe('VOICE_PASSWORD.TOO_SHORT');
  });

  it('never repeats the password in a message: the message depends on the rule and the length only', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.integer(), (password, seed) => {
        // The same characters in another order break the same rule, so must get the same message.
        const chars = [...password];
        const shuffled = chars
          .map((c, i) => [c, (i * 7919 + seed) % 1009] as const)
          .sort((a, b) => a[1] - b[1])
          .map(([c]) => c)
          .join('');
        return voicePasswordProblem(password)?.message === voicePasswordProblem(shuffled)?.message;
      }),
    );
    for (const password of ['Abc1', 'NoDigitsHere', `A1${'x'.repeat(63)}`, 'Tab\there1'])
      expect(voicePasswordProblem(password)!.message).not.toContain(password);
  });

  it('generates 16-character passwords with a digit that keep the rules, all different', () => {
    const passwords = Array.from({ length: 500 }, () => generateVoicePassword());
    for (const password of passwords) {
      expect(password).toHaveLength(16);
      expect(voicePasswordProblem(password)).toBeNull();
      expect(password).toMatch(/[0-9]/);
    }
    expect(new Set(passwords).size).toBe(500);
  });
});
