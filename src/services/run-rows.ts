import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { sql } from 'kysely';
import type { z } from 'zod/v4';
import { flagOf, selectRows } from '../db/sql-rows.js';
import { ServiceError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from './context.js';
import type { AccountReadCache } from './read-cache.js';
import { NOT_A_PORTAL_USER } from './load-actor.js';
import { auditRefusal, refusedFor, translateError } from './run.js';

import { parseInput } from './validate.js';

/** The acting portal user as the read path needs it: who, whether an Administrator, of which account. */
export interface ActorRow {
  id: string;
  name: string;
  administrator: boolean;
  account: { id: string; name: string };
}

/** The acting user's row, and the data version of their account read in the same statement. */
async function selectActor(em: EntityManager, actor: Actor): Promise<{ row: ActorRow; version: number }> {
  const [row] = await selectRows(
    em,
    sql`select u.id, u.first_name, u.last_name, u.state, u.administrator, a.id as account_id, a.name as account_name,
      coalesce((select v.version from account_data_versions v where v.account_id = a.id), 0) as data_version
      from portal_users u join accounts a on a.id = u.account_id where u.id = ${actor.userId}`,
  );
  if (!row || row.state !== 'enabled') throw new ServiceError('AUTH.NOT_PORTAL_USER', NOT_A_PORTAL_USER);
  return {
    row: {
      id: String(row.id),
      name: `${String(row.first_name)} ${String(row.last_name)}`.trim(),
      administrator: flagOf(row.administrator),
      account: { id: String(row.account_id), name: String(row.account_name) },
    },
    version: Number(row.data_version),
  };
}

/** The data version of an account now (0 until its first change). */
async function dataVersion(em: EntityManager, accountId: string): Promise<number> {
  const [row] = await selectRows(em, sql`select version from account_data_versions where account_id = ${accountId}`);
  return row ? Number(row.version) : 0;
}

/**
 * Loads the acting portal user as a plain row, with their account's data version; anyone but an
 * enabled portal user is refused. With a cache, a row kept at the version the account is at now
 * is used again (one indexed read instead of the join).
 */
export async function loadActorRow(
  em: EntityManager,
  actor: Actor,
  cache?: AccountReadCache,
): Promise<{ row: ActorRow; version: number }> {
  const kept = cache?.actor<ActorRow>(actor.userId);
  if (kept && (await dataVersion(em, kept.account)) === kept.version) return { row: kept.value, version: kept.version };
  const loaded = await selectActor(em, actor);
  cache?.keepActor(actor.userId, loaded.row.account.id, loaded.version, loaded.row);
  return loaded;
}

export interface RowQueryScope {
  em: EntityManager;
  actor: ActorRow;
  now: Date;
  deps: ServiceDeps;
  /**
   * `read`'s result for `key` (what was asked: the input's shape) in the actor's account, kept by
   * the read cache while the account's data is at the version read with the actor; or read now.
   */
  cached<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export interface RowQuerySpec<S extends z.ZodType, T> {
  action: string;
  schema: S;
  run(input: z.output<S>, scope: RowQueryScope): Promise<T>;
}

const readers = new WeakMap<MikroORM, EntityManager>();

/**
 * The entity manager the lean path reads through: one fork per ORM, kept. It only lends its
 * connection to raw reads (sql-rows.ts) and never loads an entity, so its identity map stays
 * empty; a fork for each read was 2.6% of a Teams `users` message's CPU. Being a fork, not the
 * global manager, it reads outside any transaction around the caller, as a new fork would.
 */
export function rowReader(orm: MikroORM): EntityManager {
  let reader = readers.get(orm);
  if (!reader) {
    reader = orm.em.fork();
    readers.set(orm, reader);
  }
  return reader;
}

/**
 * A read for an actor on the lean path (plain rows, no entities): validated and authorised like
 * `runQuery`, refusals audited the same way; for the reads chat asks most often.
 */
export async function runRowQuery<S extends z.ZodType, T>(
  deps: ServiceDeps,
  actor: Actor,
  spec: RowQuerySpec<S, T>,
  rawInput: unknown,
): Promise<T> {
  let actorSeen: ActorRow | null = null;
  try {
    const input = parseInput(spec.schema, rawInput);
    const em = rowReader(deps.orm);
    const { row, version } = await loadActorRow(em, actor, deps.readCache);
    actorSeen = row;
    const cache = deps.readCache;
    const cached = <R>(key: string, read: () => Promise<R>) =>
      cache ? cache.read(row.account.id, version, `${spec.action}:${key}`, read) : read();
    return await spec.run(input, { em, actor: row, now: deps.clock.now(), deps, cached });
  } catch (error) {
    const refusal = translateError(error);
    if (!refusal) throw error;
    await auditRefusal(deps, refusedFor(actorSeen, actor, spec.action), refusal);
    throw refusal;
  }
}
