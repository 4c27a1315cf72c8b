import type { Activity } from 'botbuilder';

/** A string field of a parsed body, or undefined. */
export const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A posted activity as botbuilder's adapter takes it (what CloudAdapter.process does before
 * processActivity): its timestamps as dates, the text as received kept beside them.
 */
export function activityOf(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  const dates = [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const;
  for (const [field, raw] of dates) {
    const value = activity[field];
    if (typeof value === 'string') Object.assign(activity, { [raw]: value, [field]: new Date(value) });
  }
  return activity as unknown as Activity;
}
