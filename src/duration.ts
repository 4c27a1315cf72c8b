/** A duration such as `90s`, `15m`, `12h` or `7d`, in milliseconds; null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
