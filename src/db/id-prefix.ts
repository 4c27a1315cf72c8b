import { raw, type FilterQuery } from '@mikro-orm/core';

/**
 * Rows whose id (a UUID) starts with `prefix`, on both databases (PostgreSQL compares a uuid with
 * text only once it is cast). `prefix` is used as given: callers pass what their input allows.
 */
export function idStartsWith<T>(prefix: string): FilterQuery<T> {
  return { [raw((alias: string) => `cast(${alias}.id as text) like ?`, [`${prefix}%`])]: [] } as FilterQuery<T>;
}

/**
 * Rows whose id is `ref` (a whole UUID), or starts with it (what people type: the first 8
 * characters a reply shows). Characters a UUID has not are dropped, so nothing else reaches `like`.
 */
export function idOrPrefix<T>(ref: string): FilterQuery<T> {
  const key = ref.trim().toLowerCase();
  return /^[0-9a-f-]{36}$/.test(key)
    ? ({ id: key } as FilterQuery<T>)
    : idStartsWith<T>(key.replace(/[^0-9a-f-]/g, ''));
}
