import { describe, expect, it, vi } from 'vitest';
import { FrozenMemo } from '../../src/lib/frozen-memo.js';

describe('FrozenMemo', () => {
  it('works out a value once for a frozen object and key, and freezes it all through', () => {
    const memo = new FrozenMemo<object, { rows: string[][] }>();
    const shared = Object.freeze({ page: 1 });
    const compute = vi.fn(() => ({ rows: [['a', 'b']] }));
    const first = memo.get(shared, 'private', compute);
    expect(memo.get(shared, 'private', compute)).toBe(first);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(first) && Object.isFrozen(first.rows) && Object.isFrozen(first.rows[0])).toBe(true);
    expect(() => first.rows[0]!.push('c')).toThrow(TypeError);
  });

  it('keeps each key of an object apart, and each object apart', () => {
    const memo = new FrozenMemo<object, string>();
    const one = Object.freeze({});
    const two = Object.freeze({});
    expect(memo.get(one, 'a', () => 'one a')).toBe('one a');
    expect(memo.get(one, 'b', () => 'one b')).toBe('one b');
    expect(memo.get(two, 'a', () => 'two a')).toBe('two a');
    expect(memo.get(one, 'a', () => 'again')).toBe('one a');
  });

  it('works out the value every time for an object that is not frozen, and leaves it unfrozen', () => {
    const memo = new FrozenMemo<object, { n: number }>();
    const mine = { page: 1 };
    let n = 0;
    const first = memo.get(mine, 'k', () => ({ n: ++n }));
    const second = memo.get(mine, 'k', () => ({ n: ++n }));
    expect([first.n, second.n]).toEqual([1, 2]);
    expect(Object.isFrozen(first)).toBe(false);
  });
});
