import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { isPostgres } from './dialect.js';

/**
 * A filter: the text `haystack(alias)` builds contains `needle`, matched as plain text (no
 * LIKE wildcards): `strpos` on PostgreSQL, `instr` on SQLite. Lower-case both sides for a
 * search that ignores case.
 */
export function containsText<T>(
  em: EntityManager,
  haystack: (alias: string) => string,
  needle: string,
): FilterQuery<T> {
  const find = isPostgres(em) ? 'strpos' : 'instr';
  return { [raw((alias: string) => `${find}(${haystack(alias)}, ?) > 0`, [needle])]: [] } as FilterQuery<T>;
}
