import ms from 'ms';

/** One part of a duration: a number and its unit (`1h`, `30 m`, `1.5 hours`). */
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/iy;

/** The milliseconds of one part in the `ms` package's units, or NaN when the unit is none of them. */
const partMs = (amount: string, unit: string): number => ms(`${amount} ${unit}` as ms.StringValue);

/** The parts of a duration summed (`1h30m`, `1h 30m`, `2d 4h`), or NaN when any of it is not one. */
function sumOfParts(text: string): number {
  PART.lastIndex = 0;
  let total = 0;
  let parts = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    if (!match) return Number.NaN;
    total += partMs(match[1]!, match[2]!);
    parts += 1;
  }
  return parts > 0 ? total : Number.NaN;
}

/**
 * A duration such as `90s`, `15m`, `12h`, `7d`, `1.5 hours` (the `ms` package's units), or several
 * of them in a row, `1h30m` or `1h 30m` (as `formatDuration` writes them), in milliseconds; null
 * when it is not one, has no unit (a bare `100`), or is not more than zero.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 100) return null;
  const value = sumOfParts(trimmed);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

/** A duration's limits, as milliseconds and as the operator writes them. */
export interface DurationLimits {
  min?: { ms: number; text: string };
  max: { ms: number; text: string };
}

/** The milliseconds, or the one-line problem naming the setting, what is wrong and the limits. */
export function checkDuration(name: string, text: string, limits: DurationLimits): number | string {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return `${name} must have a unit, e.g. ${trimmed}h or ${trimmed}d, not "${text}"`;
  const negative = trimmed.startsWith('-');
  const raw = trimmed.length > 100 ? Number.NaN : negative ? -sumOfParts(trimmed.slice(1)) : sumOfParts(trimmed);
  if (Number.isFinite(raw) && raw <= 0)
    return `${name} must be a duration longer than zero, such as 12h, not "${text}"`;
  const value = parseDuration(text);
  if (value === null) return `${name} must be a duration such as 12h or 7d (at most ${limits.max.text}), not "${text}"`;
  if (limits.min && value < limits.min.ms) return `${name} must be at least ${limits.min.text}, not "${text}"`;
  if (value > limits.max.ms) return `${name} must be at most ${limits.max.text}, not "${text}"`;
  return value;
}

/** A duration as a person writes it: `30m`, `4h`, `1h 30m`, `2d`, `1d 4h` (whole minutes, larger units first). */
export function formatDuration(milliseconds: number): string {
  const minutes = Math.max(1, Math.round(milliseconds / 60_000));
  const parts = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor((minutes % 1440) / 60), 'h'],
    [minutes % 60, 'm'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}
