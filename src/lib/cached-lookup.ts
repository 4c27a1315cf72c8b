import { TtlCache } from './ttl-cache.js';

/**
 * Values looked up elsewhere (a chat platform's API, the database), cached with a TTL and a bound,
 * with one lookup per key in flight at a time: callers asking meanwhile share it. A failed lookup
 * is not cached.
 */
export class CachedLookup<V> {
  private readonly cache: TtlCache<string, V>;
  private readonly inFlight = new Map<string, Promise<V>>();

  constructor(
    /** How long a value is kept: one TTL, or one by value (a refusal kept shorter than a success). */
    private readonly ttlMs: number | ((value: V) => number),
    maxEntries = 10_000,
    now?: () => number,
  ) {
    this.cache = new TtlCache(maxEntries, now);
  }

  /** The cached value, without any lookup. */
  peek(key: string): V | undefined {
    return this.cache.get(key);
  }

  /** The cached value, else the one `lookUp` finds (shared with whoever asks for the same key meanwhile). */
  async get(key: string, lookUp: () => Promise<V>): Promise<V> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = lookUp()
        .then((value) => {
          this.cache.set(key, value, typeof this.ttlMs === 'number' ? this.ttlMs : this.ttlMs(value));
          return value;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  clear(): void {
    this.cache.clear();
  }
}
