import { raw, type FilterQuery } from '@mikro-orm/core';

/**
 * Rows whose id (a UUID) starts with `prefix`, on both databases (PostgreSQL compares a uuid with
 * text only once it is cast). `prefix` is used as given: callers pass what their input allows.
 */
export function idStartsWith<T>(prefix: string): FilterQuery<T> {
  return { [raw((alias: string) => `cast(${alias}.id as text) like ?`, [`${prefix}%`])]: [] } as FilterQuery<T>;
}
