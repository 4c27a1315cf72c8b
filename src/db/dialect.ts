import type { EntityManager } from '@mikro-orm/core';

/**
 * True on PostgreSQL, where row locks and `strpos` apply; false on SQLite. Read from the
 * platform's name so that a SQLite run never loads the PostgreSQL driver.
 */
export function isPostgres(em: EntityManager): boolean {
  return em.getPlatform().constructor.name === 'PostgreSqlPlatform';
}
