/** A moment as replies show it: `2026-11-25 10:00 UTC`. */
export const utcMinute = (date: Date | string): string =>
  new Date(date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
