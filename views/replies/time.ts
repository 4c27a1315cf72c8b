/** A moment as replies show it: `2026-11-25 10:00 UTC` (the services' messages write it the same way). */
export { utcMinuteText as utcMinute } from '../../src/lib/utc-minute.js';
