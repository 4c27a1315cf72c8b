import type { EntityManager } from '@mikro-orm/core';
import { sql, type RawBuilder } from 'kysely';
import { isPostgres } from './dialect.js';

/** FTS5's trigram tokenizer indexes runs of three characters: shorter searches cannot use it. */
const TRIGRAM = 3;

/** A LIKE pattern that matches `text` anywhere, as plain text: `%`, `_` and `\` stand for themselves. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** An FTS5 phrase that matches `text` as it is: inside double quotes, a double quote is doubled. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The searched text of a portal user, as the migration Migration20261129000000_user_search indexes it. */
const haystack = (alias: string) =>
  `lower(${alias}.user_id || ' ' || ${alias}.email || ' ' || ${alias}.first_name || ' ' || ${alias}.last_name ` +
  `|| ' ' || ${alias}.label)`;

/**
 * Portal users (aliased `alias`) whose User ID, email, name or label contains `search`, case
 * ignored, as plain text, answered from the search index (portal_users_search) rather than by
 * reading every user: a trigram FTS5 phrase on SQLite (a phrase of consecutive trigrams is exactly
 * a substring), a LIKE served by a pg_trgm GIN index on PostgreSQL. On SQLite a search shorter
 * than three characters has no trigram and reads the users instead.
 */
export function userSearchSql(em: EntityManager, alias: string, search: string): RawBuilder<unknown> {
  const needle = search.toLowerCase();
  const a = sql.raw(alias);
  if (isPostgres(em)) {
    const pattern = likeContaining(needle);
    return sql`${a}.id in (select s.user_id from portal_users_search as s where s.haystack like ${pattern} escape '\\')`;
  }
  if ([...needle].length < TRIGRAM) return sql`instr(${sql.raw(haystack(alias))}, ${needle}) > 0`;
  const phrase = ftsPhrase(needle);
  return sql`${a}.rowid in (select s.rowid from portal_users_search as s where portal_users_search match ${phrase})`;
}
