/**
 * The names of the CSV files the services hand out (an export, an import's failed rows). Each
 * carries the minute it was made, in UTC, so that a second file the same day does not take the
 * first one's name: `2026-12-01-0310-UTC` (no colon, a valid file name on every system).
 */
export function fileStamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}-UTC`;
}

/** `users-all-2026-12-01-0310-UTC.csv`. */
export const exportFileName = (state: string, now: Date): string => `users-${state}-${fileStamp(now)}.csv`;

/** What an uploaded file's name keeps at most, so that a download's name (200 at most) fits. */
const BASE_MAX = 160;

/** A name's stamp of failed rows (`-failed` with or without its minute), taken off to stamp it anew. */
const FAILED_SUFFIX = /-failed(-\d{4}-\d{2}-\d{2}-\d{4}-UTC)?$/i;

/**
 * `people.csv` → `people-failed-2026-12-01-0310-UTC.csv`; a file of failed rows imported again
 * gives `people-failed-<its own minute>.csv`, not `people-failed-…-failed-….csv`.
 */
export function failedRowsFileName(uploaded: string, now: Date): string {
  const base = uploaded
    .replace(/\.csv$/i, '')
    .replace(FAILED_SUFFIX, '')
    .slice(0, BASE_MAX);
  return `${base}-failed-${fileStamp(now)}.csv`;
}
