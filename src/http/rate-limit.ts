import type { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DatabaseConfig } from '../config.js';

/** A fixed-window limit: at most `limit` requests per key per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Where the counts live: in this process (SQLite: one process), or in PostgreSQL's
 * `rate_limits` table (made by our migration), so that replicas share the limits.
 */
export interface RateLimitStore {
  readonly kind: 'memory' | 'postgres';
  readonly pool?: Pool;
  close(): Promise<void>;
}

export const memoryRateLimits: RateLimitStore = { kind: 'memory', close: async () => {} };

/** The table the PostgreSQL migration `rate_limits` creates; the library's own layout. */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** PostgreSQL: a small pool of its own (pg is MikroORM's driver too); SQLite: memory. */
export async function openRateLimitStore(
  database: DatabaseConfig,
  onIdleError: (error: Error) => void = () => {},
): Promise<RateLimitStore> {
  if (database.driver !== 'postgresql') return memoryRateLimits;
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: database.url, max: 4, idleTimeoutMillis: 30_000 });
  // A connection the server ends while idle (a restart, a failover) is dropped by the pool; without a
  // listener pg would throw it as an uncaught exception and stop the process.
  pool.on('error', onIdleError);
  return { kind: 'postgres', pool, close: () => pool.end() };
}

/**
 * Counts requests per key (an address, a token's hash) with rate-limiter-flexible, in fixed
 * windows that start at a key's first request. `name` keeps the keys of different limits apart
 * in a shared table. If PostgreSQL cannot be reached, the counts fall back to this process.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(rule: RateLimit, name: string, store: RateLimitStore = memoryRateLimits) {
    const options = { keyPrefix: name, points: rule.limit, duration: Math.max(1, Math.ceil(rule.windowMs / 1000)) };
    this.limiter =
      store.kind === 'postgres' && store.pool
        ? new RateLimiterPostgres({
            ...options,
            storeClient: store.pool,
            storeType: 'pool',
            tableName: RATE_LIMITS_TABLE,
            tableCreated: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
  }

  async take(key: string): Promise<RateDecision> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }
}
