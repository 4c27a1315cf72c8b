import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';

/** True on PostgreSQL, where row locks and `strpos` apply; false on SQLite. */
export function isPostgres(em: EntityManager): boolean {
  return em.getDriver() instanceof PostgreSqlDriver;
}
