import { deepFreeze } from '../lib/deep-freeze.js';
import { TtlCache } from '../lib/ttl-cache.js';

/**
 * Reads of an account's data served again while the account's data version is the same. The
 * version lives in the database (`account_data_versions`), one more with every change to the
 * account's users, their sites, its sites or the account itself, made by triggers whatever writes
 * the change: this process, another replica, the CLI or someone's SQL. A read first learns the
 * version, then reads the data (or takes it from here, if it was read at that same version), so
 * what is kept is never older than the version it is kept under: at worst newer, and read again.
 *
 * What is kept is frozen, since every request that hits it shares it; it is never a secret (the
 * read path reads no password, PIN or token). Both caches forget the least recently used first.
 */
export class AccountReadCache {
  private readonly actors: TtlCache<string, Versioned<unknown>>;
  private readonly reads: TtlCache<string, Versioned<unknown>>;

  constructor(limits = { actors: 1_000, reads: 200 }) {
    this.actors = new TtlCache(limits.actors);
    this.reads = new TtlCache(limits.reads);
  }

  /** The acting user's row kept at `version` of their account, if any. */
  actor<A>(userId: string): Versioned<A> | undefined {
    return this.actors.get(userId) as Versioned<A> | undefined;
  }

  keepActor<A>(userId: string, account: string, version: number, row: A): A {
    return keep(this.actors, userId, { account, version, value: deepFreeze(row) });
  }

  /** `read`'s result for `key` in the account, kept from a read at this version; else read now and kept. */
  async read<T>(account: string, version: number, key: string, read: () => Promise<T>): Promise<T> {
    const id = `${account}\n${key}`;
    const kept = this.reads.get(id);
    if (kept && kept.version === version) return kept.value as T;
    const value = await read();
    return keep(this.reads, id, { account, version, value: deepFreeze(value) });
  }
}

/** A value read at `version` of `account`'s data. */
export interface Versioned<T> {
  account: string;
  version: number;
  value: T;
}

/** Kept until it is the least recently used one past the bound: a version, not time, says when it is stale. */
function keep<T>(cache: TtlCache<string, Versioned<unknown>>, key: string, entry: Versioned<T>): T {
  cache.set(key, entry, Number.POSITIVE_INFINITY);
  return entry.value;
}
