import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { RawBuilder } from 'kysely';

/** A row as the database driver returns it: column names as in the table, values unconverted. */
export type Row = Record<string, unknown>;

/**
 * Runs a read written with Kysely's `sql` tag on the entity manager's connection (its transaction
 * if it is in one), with its values as bound parameters. MikroORM writes values into the text of
 * every query it runs, so SQLite compiles each one afresh; a parameterised statement's text is
 * the same every time and is compiled once (statement-cache.ts).
 */
export async function selectRows(em: EntityManager, query: RawBuilder<unknown>): Promise<Row[]> {
  const result = await query.execute((em as SqlEntityManager).getKysely());
  return result.rows as Row[];
}

/** A datetime as either database returns it raw: milliseconds (SQLite), text or a Date (PostgreSQL). */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === 'number' ? value : String(value));
}

/** A boolean as either database returns it raw: 0/1 (SQLite) or true/false (PostgreSQL). */
export const flagOf = (value: unknown): boolean => value === true || value === 1;
