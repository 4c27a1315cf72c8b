/** A moment as messages write it: `2026-11-25 10:00 UTC`. */
export const utcMinuteText = (date: Date | string): string =>
  new Date(date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
