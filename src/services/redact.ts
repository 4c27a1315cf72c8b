const SECRET_KEY = /(password|pin|token|secret|hash)/i;

/** A copy of a record for the audit log with every secret-looking key removed, at any depth. */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item)) as T;
  if (value instanceof Date) return value.toISOString() as T;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!SECRET_KEY.test(key)) copy[key] = withoutSecrets(item);
    }
    return copy as T;
  }
  return value;
}
