import { randomInt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { generatePin } from '../../src/domain/voice/pin-rules.js';
import { generateVoicePassword } from '../../src/domain/voice/voice-password.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, randomInt: vi.fn(actual.randomInt) };
});

describe('the source of generated secrets', () => {
  it("draws PIN digits from node:crypto's randomInt", () => {
    vi.mocked(randomInt).mockClear();
    const pin = generatePin({ extension: '1814' });
    expect(pin).toMatch(/^[0-9]{6}$/);
    expect(vi.mocked(randomInt).mock.calls.length).toBeGreaterThanOrEqual(6);
    for (const call of vi.mocked(randomInt).mock.calls) expect(call).toEqual([0, 10]);
  });

  it("draws generated Voice Manager passwords from node:crypto's randomInt", () => {
    vi.mocked(randomInt).mockClear();
    generateVoicePassword();
    expect(vi.mocked(randomInt).mock.calls.length).toBeGreaterThanOrEqual(16);
  });
});
