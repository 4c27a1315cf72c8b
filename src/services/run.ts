import { LockMode, OptimisticLockError, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { z } from 'zod/v4';
import { isPostgres } from '../db/dialect.js';
import { insertNew } from '../db/insert-new.js';
import { changeTransaction } from '../db/grouped-commits.js';
import { Account } from '../domain/entities/account.js';
import { AuditEvent, type AuditOutcome } from '../domain/entities/audit-event.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { ServiceError } from '../domain/errors.js';
import type { Actor, AuditTarget, ChangeHooks, ChangeResult, ChangeScope, ServiceDeps } from './context.js';
import type { OperationDefinition } from './operation.js';
import { loadActor } from './load-actor.js';
import { withoutSecrets } from './redact.js';
import { parseInput } from './validate.js';

/**
 * Serialises changes within an account on PostgreSQL (row lock on the account), so rules
 * that read several rows (the last Administrator, unique emails) hold under concurrency.
 * SQLite serialises writers already.
 */
export async function lockAccount(em: EntityManager, accountId: string): Promise<void> {
  if (isPostgres(em)) {
    await em.findOneOrFail(Account, { id: accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }
}

/** Database-level refusals as the coded errors the service layer promises. */
export function translateError(error: unknown): ServiceError | null {
  if (error instanceof ServiceError) return error;
  if (error instanceof OptimisticLockError) {
    return new ServiceError(
      'USER.CONFLICT',
      'Someone else changed this user at the same time; nothing was saved. Look at the user again and repeat your change.',
    );
  }
  if (error instanceof UniqueConstraintViolationException) {
    const text = String(error.message);
    if (text.includes('email'))
      return ServiceError.field(
        'USER.DUPLICATE_EMAIL',
        'email',
        'Another user of this account already has that email; use a different one.',
      );
    if (text.includes('user_id_key'))
      return ServiceError.field(
        'USER.DUPLICATE_ID',
        'userId',
        'That User ID is taken in this account (User IDs of deleted users stay reserved); choose another.',
      );
  }
  return null;
}

export interface AuditRecord extends Partial<AuditTarget> {
  accountId: string | null;
  actorId: string | null;
  actorName: string | null;
  platform: string;
  action: string;
  outcome: AuditOutcome;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  errorCode?: string | null;
  message?: string | null;
  clientAddress?: string | null;
}

export function auditEvent(record: AuditRecord, now: Date): AuditEvent {
  const event = new AuditEvent();
  Object.assign(event, {
    ...record,
    before: record.before ? withoutSecrets(record.before) : null,
    after: record.after ? withoutSecrets(record.after) : null,
    createdAt: now,
  });
  return event;
}

/** What a refusal's audit needs of the actor, loaded as an entity or as a row. */
export type SeenActor = { id: string; name: string; account: { id: string } };

/** Who was refused what, as far as it is known: the loaded actor, else only the id asked for. */
export function refusedFor(seen: SeenActor | null, actor: Actor, action: string): Omit<AuditRecord, 'outcome'> {
  return {
    accountId: seen?.account.id ?? null,
    actorId: seen?.id ?? actor.userId,
    actorName: seen?.name ?? null,
    platform: actor.platform,
    action,
  };
}

/** A refusal, written on its own since the change's transaction was rolled back. */
export async function auditRefusal(
  deps: ServiceDeps,
  record: Omit<AuditRecord, 'outcome'>,
  error: ServiceError,
): Promise<void> {
  try {
    const em = deps.orm.em.fork();
    if (record.actorId && !record.accountId) {
      // Refused before the actor was loaded (bad input): name the actor and account all the same.
      const actor = await em.findOne(PortalUser, { id: record.actorId }, { populate: ['account'] });
      if (actor) Object.assign(record, { accountId: actor.account.id, actorName: actor.name });
    }
    await em
      .persist(
        auditEvent({ ...record, outcome: 'refused', errorCode: error.code, message: error.message }, deps.clock.now()),
      )
      .flush();
  } catch (auditError) {
    deps.logger.error({ err: auditError, action: record.action }, 'could not write the audit event of a refusal');
  }
  deps.logger.info(
    { action: record.action, actor: record.actorId, target: record.targetId, code: error.code },
    'refused',
  );
}

export interface ChangeSpec<S extends z.ZodType, T> {
  action: string;
  schema: S;
  /** The work, inside one transaction with its audit event and any outbox message. */
  run(input: z.output<S>, scope: ChangeScope): Promise<ChangeResult<T>>;
}

/** Thrown to roll a dry run back; carries what the change would have done. */
export class DryRunRollback extends Error {
  constructor(
    readonly preview: {
      result: unknown;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      target: AuditTarget | null;
    },
  ) {
    super('dry run rolled back');
  }
}

/**
 * Carries out one change for an actor: input validated, actor loaded and authorised by
 * `run`, one transaction holding the change and its audit event. A refusal (coded error)
 * rolls everything back and is audited separately. `hooks`: a dry run, work inside the
 * transaction, a note for the audit event (see ChangeHooks).
 */
export async function runChange<S extends z.ZodType, T>(
  deps: ServiceDeps,
  actor: Actor,
  spec: ChangeSpec<S, T>,
  rawInput: unknown,
  hooks: ChangeHooks = {},
): Promise<T> {
  let scopeSeen: ChangeScope | null = null;
  let actorSeen: PortalUser | null = null;
  try {
    const input = parseInput(spec.schema, rawInput);
    return await changeTransaction(deps.orm, async (em) => {
      const actorUser = await loadActor(em, actor);
      actorSeen = actorUser;
      await lockAccount(em, actorUser.account.id);
      const now = deps.clock.now();
      const dryRun = hooks.dryRun === true;
      const scope: ChangeScope = {
        ...{ em, actor: actorUser, account: actorUser.account, now, deps, target: null, dryRun },
        platform: actor.platform,
        ...(hooks.approval ? { approval: hooks.approval } : {}),
      };
      scopeSeen = scope;
      await hooks.inTransaction?.(scope);
      const change = await spec.run(input, scope);
      if (dryRun)
        throw new DryRunRollback({
          result: change.result,
          before: change.before,
          after: change.after,
          target: scope.target,
        });
      const after = hooks.auditNote ? { ...change.after, ...hooks.auditNote } : change.after;
      // A plain insert (db/insert-new.ts): no unit of work for the one row every change writes.
      await insertNew(em, [
        auditEvent(
          {
            accountId: actorUser.account.id,
            actorId: actorUser.id,
            actorName: actorUser.name,
            platform: actor.platform,
            action: spec.action,
            outcome: 'success',
            ...scope.target,
            before: change.before,
            after,
          },
          now,
        ),
      ]);
      await hooks.beforeCommit?.(em);
      return change.result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) throw error;
    const refusal = translateError(error);
    if (!refusal) throw error;
    const target = (scopeSeen as ChangeScope | null)?.target ?? {};
    await auditRefusal(deps, { ...refusedFor(actorSeen, actor, spec.action), ...target }, refusal);
    throw refusal;
  }
}

/**
 * Carries out an operation for an actor, as it is defined: its input validated by its schema, its
 * change in one transaction with the audit event named after it. Not gated: the approval policy is
 * `submitOperation`'s (services/approvals/hold.ts), which the front ends go through.
 */
export function runOperation<S extends z.ZodType, T>(
  deps: ServiceDeps,
  actor: Actor,
  operation: OperationDefinition<string, S, T>,
  input: unknown,
  hooks: ChangeHooks = {},
): Promise<T> {
  return runChange(deps, actor, { action: operation.name, schema: operation.input, run: operation.run }, input, hooks);
}

export interface QuerySpec<S extends z.ZodType, T> {
  action: string;
  schema: S;
  run(input: z.output<S>, scope: Omit<ChangeScope, 'target' | 'dryRun'>): Promise<T>;
}

/** A read for an actor: validated and authorised like a change; refusals are audited, reads are not. */
export async function runQuery<S extends z.ZodType, T>(
  deps: ServiceDeps,
  actor: Actor,
  spec: QuerySpec<S, T>,
  rawInput: unknown,
): Promise<T> {
  let actorSeen: PortalUser | null = null;
  try {
    const input = parseInput(spec.schema, rawInput);
    const em = deps.orm.em.fork();
    const actorUser = await loadActor(em, actor);
    actorSeen = actorUser;
    return await spec.run(input, { em, actor: actorUser, account: actorUser.account, now: deps.clock.now(), deps });
  } catch (error) {
    const refusal = translateError(error);
    if (!refusal) throw error;
    await auditRefusal(deps, refusedFor(actorSeen, actor, spec.action), refusal);
    throw refusal;
  }
}
