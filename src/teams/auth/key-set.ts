import type { JsonWebKey } from 'node:crypto';

/** A signing key of the Bot Framework's key set, with the channels it is endorsed for (`msteams`, ...). */
export type SigningKey = JsonWebKey & { kid?: string; endorsements?: string[] };

/** The key set could not be fetched: Switchboard cannot tell a good token from a bad one just now. */
export class KeySetUnavailable extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`the Bot Framework key set at ${url} is unreachable (${reason})`);
    this.name = 'KeySetUnavailable';
  }
}

export interface KeySetOptions {
  /** How long one fetch may take. */
  timeoutMs?: number;
  /** Keys are fetched again after this long (Microsoft rotates them). */
  maxAgeMs?: number;
  /** A token whose key is unknown makes a fetch at most this often (a new key, or someone guessing). */
  unknownKeyCooldownMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

async function getJson(fetcher: typeof fetch, url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new KeySetUnavailable(url, cause ?? (error as Error).name);
  }
  if (!response.ok) {
    await response.arrayBuffer().catch(() => undefined);
    throw new KeySetUnavailable(url, `HTTP ${response.status}`);
  }
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) return body as Record<string, unknown>;
  } catch {
    // below
  }
  throw new KeySetUnavailable(url, 'not a JSON object');
}

/**
 * The signing keys an OpenID configuration names (`jwks_uri`), as the Bot Framework publishes
 * them: fetched on first use, again when old, and when a token names a key not in the set (at
 * most once per cooldown). One fetch at a time. A failed fetch keeps the keys it had, if any.
 */
export class OpenIdKeySet {
  private keys: SigningKey[] | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;

  constructor(
    readonly metadataUrl: string,
    private readonly options: KeySetOptions = {},
  ) {
    this.fetcher = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** The key with this id; null when the set has none. Throws KeySetUnavailable when there is no set to look in. */
  async key(kid: string): Promise<SigningKey | null> {
    const age = this.now() - this.fetchedAt;
    if (!this.keys || age > (this.options.maxAgeMs ?? 24 * 3_600_000)) await this.load(this.keys !== null);
    const found = this.find(kid);
    if (found || this.now() - this.fetchedAt < (this.options.unknownKeyCooldownMs ?? 5 * 60_000)) return found;
    await this.load(true);
    return this.find(kid);
  }

  private find(kid: string): SigningKey | null {
    return this.keys?.find((k) => k.kid === kid && k.kty === 'RSA' && k.n && k.e) ?? null;
  }

  /** Fetches the set; with `keepOld`, a failure leaves the old keys in place instead of throwing. */
  private async load(keepOld: boolean): Promise<void> {
    this.loading ??= this.fetchKeys().finally(() => (this.loading = null));
    try {
      await this.loading;
    } catch (error) {
      if (!keepOld || !(error instanceof KeySetUnavailable)) throw error;
      // Stale keys still tell a good token from a bad one; try again after the cooldown.
      this.fetchedAt = this.now();
    }
  }

  private async fetchKeys(): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const metadata = await getJson(this.fetcher, this.metadataUrl, timeoutMs);
    if (typeof metadata.jwks_uri !== 'string') throw new KeySetUnavailable(this.metadataUrl, 'no jwks_uri');
    const set = await getJson(this.fetcher, metadata.jwks_uri, timeoutMs);
    if (!Array.isArray(set.keys)) throw new KeySetUnavailable(metadata.jwks_uri, 'no keys');
    this.keys = set.keys as SigningKey[];
    this.fetchedAt = this.now();
  }
}
