/** How often and how long the worker retries an email the server did not take. */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last one fails the message is marked failed. */
  maxAttempts: number;
  /** Wait after the first failed attempt; it doubles after each further one. */
  baseDelayMs: number;
  /** The wait never grows beyond this. */
  maxDelayMs: number;
  /** Up to this fraction is taken off each wait at random, so that queued messages spread out. */
  jitter: number;
}

/** 10 attempts over about 3 hours: 30 s, 1, 2, 4, 8, 16, 32 min, then hourly. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  jitter: 0.2,
};

/** Exponential backoff: the wait after failed attempt number `attempt` (1 for the first). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/**
 * A delivery error as one line for the log and the outbox row: its code, the SMTP reply
 * code and its message, with every known secret (the link's token, the link, the SMTP
 * password) replaced, and cut to a bounded length.
 */
export function describeDeliveryError(
  error: unknown,
  secrets: readonly (string | null | undefined)[],
  maxLength = 500,
): string {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown; name?: unknown };
  const parts: string[] = [];
  if (typeof e.code === 'string' && e.code) parts.push(e.code);
  if (typeof e.responseCode === 'number') parts.push(String(e.responseCode));
  const message =
    typeof e.message === 'string' && e.message
      ? e.message
      : typeof error === 'string'
        ? error
        : String(e.name ?? 'unknown error');
  let text = `${parts.length > 0 ? `${parts.join(' ')}: ` : ''}${message}`.replace(/\s+/g, ' ').trim();
  const known = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) text = text.split(secret).join('[redacted]');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
