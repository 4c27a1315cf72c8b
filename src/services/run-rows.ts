import type { EntityManager } from '@mikro-orm/core';
import { sql } from 'kysely';
import type { z } from 'zod/v4';
import { flagOf, selectRows } from '../db/sql-rows.js';
import { ServiceError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from './context.js';
import { auditRefusal, NOT_A_PORTAL_USER, refusedFor, translateError } from './run.js';

import { parseInput } from './validate.js';

/** The acting portal user as the read path needs it: who, whether an Administrator, of which account. */
export interface ActorRow {
  id: string;
  name: string;
  administrator: boolean;
  account: { id: string; name: string };
}

/** Loads the acting portal user in one statement, as a plain row; anyone but an enabled portal user is refused. */
export async function loadActorRow(em: EntityManager, actor: Actor): Promise<ActorRow> {
  const [row] = await selectRows(
    em,
    sql`select u.id, u.first_name, u.last_name, u.state, u.administrator, a.id as account_id, a.name as account_name
      from portal_users u join accounts a on a.id = u.account_id where u.id = ${actor.userId}`,
  );
  if (!row || row.state !== 'enabled') throw new ServiceError('AUTH.NOT_PORTAL_USER', NOT_A_PORTAL_USER);
  return {
    id: String(row.id),
    name: `${String(row.first_name)} ${String(row.last_name)}`.trim(),
    administrator: flagOf(row.administrator),
    account: { id: String(row.account_id), name: String(row.account_name) },
  };
}

export interface RowQueryScope {
  em: EntityManager;
  actor: ActorRow;
  now: Date;
  deps: ServiceDeps;
}

export interface RowQuerySpec<S extends z.ZodType, T> {
  action: string;
  schema: S;
  run(input: z.output<S>, scope: RowQueryScope): Promise<T>;
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
    const em = deps.orm.em.fork();
    actorSeen = await loadActorRow(em, actor);
    return await spec.run(input, { em, actor: actorSeen, now: deps.clock.now(), deps });
  } catch (error) {
    const refusal = translateError(error);
    if (!refusal) throw error;
    await auditRefusal(deps, refusedFor(actorSeen, actor, spec.action), refusal);
    throw refusal;
  }
}
