import { deepFreeze } from './deep-freeze.js';

/**
 * What is worked out from a shared object, kept as long as that object lives. Only a frozen object
 * is taken to be shared (the read cache freezes what it keeps, and a reply made from it is frozen
 * in turn); anything else is worked out each time. Kept in a WeakMap, so there is nothing to bound
 * or expire, and frozen, since every caller gets the same value.
 */
export class FrozenMemo<O extends object, V> {
  readonly #kept = new WeakMap<O, Map<string, V>>();

  /** `compute()`'s value for `object` and `key`: kept if `object` is frozen, else worked out now. */
  get(object: O, key: string, compute: () => V): V {
    if (!Object.isFrozen(object)) return compute();
    let byKey = this.#kept.get(object);
    if (!byKey) {
      byKey = new Map();
      this.#kept.set(object, byKey);
    }
    if (byKey.has(key)) return byKey.get(key) as V;
    const value = deepFreeze(compute());
    byKey.set(key, value);
    return value;
  }
}
