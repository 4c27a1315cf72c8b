import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Kysely, RawBuilder } from 'kysely';
import { isPostgres } from './dialect.js';

/** A row as the database driver returns it: column names as in the table, values unconverted. */
export type Row = Record<string, unknown>;

/**
 * Runs a read written with Kysely's `sql` tag on the entity manager's connection (its transaction
 * if it is in one), with its values as bound parameters. MikroORM writes values into the text of
 * every query it runs, so SQLite compiles each one afresh; a parameterised statement's text is
 * the same every time and is compiled once (statement-cache.ts).
 */
export async function selectRows(em: EntityManager, query: RawBuilder<unknown>): Promise<Row[]> {
  const result = await query.execute(kyselyOf(em));
  return result.rows as Row[];
}

/** The entity manager's Kysely: its transaction if it is in one, else its connection. */
export const kyselyOf = (em: EntityManager): Kysely<unknown> => (em as SqlEntityManager).getKysely() as Kysely<unknown>;

/** Runs a write written with Kysely's `sql` tag (bound parameters, as selectRows); returns how many rows it changed. */
export async function writeRows(em: EntityManager, query: RawBuilder<unknown>): Promise<number> {
  const result = await query.execute(kyselyOf(em));
  return Number(result.numAffectedRows ?? 0);
}

/** A datetime as a bound parameter, stored as MikroORM stores it: milliseconds on SQLite, a timestamp on PostgreSQL. */
export const dateParam = (em: EntityManager, date: Date): Date | number => (isPostgres(em) ? date : date.getTime());

/** A JSON column's value as a bound parameter: its text, or SQL null. */
export const jsonParam = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** A datetime as either database returns it raw: milliseconds (SQLite), text or a Date (PostgreSQL). */
export function dateOf(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === 'number' ? value : String(value));
}

/** A JSON column as either database returns it raw: text (SQLite; kept as it is when it is not JSON) or parsed (PostgreSQL). */
export function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A boolean as either database returns it raw: 0/1 (SQLite) or true/false (PostgreSQL). */
export const flagOf = (value: unknown): boolean => value === true || value === 1;
