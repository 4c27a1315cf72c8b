import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { ApprovalPolicy } from '../domain/approval-policy.js';
import type { Logger } from '../lib/logger.js';
import type { ApprovalEvents } from './approvals/events.js';
import type { ReviewEvents } from './reviews/events.js';
import type { ImportEvents } from './imports/events.js';
import type { Account } from '../domain/entities/account.js';
import type { PortalUser } from '../domain/entities/portal-user.js';
import type { OperationList } from './operation.js';
import type { VoiceOptions } from './voice/options.js';
import type { AccountReadCache } from './read-cache.js';

export const PLATFORMS = ['slack', 'teams', 'console', 'cli', 'web', 'system'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * How a change is carried out, when not simply; passed explicitly to `runChange` / `execute`
 * (never carried in ServiceDeps): `dryRun` checks everything against the current state and
 * rolls back (a preview for an approval request; the voice platform is never called);
 * `inTransaction` runs inside the change's transaction, after the account lock and before the
 * change, and can refuse it (an approval marking itself executed exactly once); `beforeCommit`
 * (`CommitWithChange`) runs last in it.
 */
export interface ChangeHooks {
  dryRun?: boolean;
  inTransaction?: (scope: ChangeScope) => Promise<void>;
  /** Written with the change's own audit event, in its transaction. */
  auditNote?: Record<string, unknown>;
  /** The approval request being carried out, when the change waited for one. */
  approval?: ApprovalOfChange;
  beforeCommit?: CommitWithChange;
}

/**
 * Work that commits with a change or not at all, run last in its transaction (after its audit
 * event), or in the transaction that holds it for approval: the chat core marks the form
 * submission that made the change carried out here, so that no crash can leave a change made
 * and its submission free to be carried out again. Never called for a dry run.
 */
export type CommitWithChange = (em: EntityManager) => Promise<void>;

/** The approval a change is carried out under: the request, and its approvers by name. */
export interface ApprovalOfChange {
  requestId: string;
  approvers: string[];
}

/** What every service needs: the database, the lifetimes of links, a clock and a logger. */
export interface ServiceDeps {
  orm: MikroORM;
  settings: {
    inviteTtlMs: number;
    resetTtlMs: number;
    publicBaseUrl: string;
    approvals?: ApprovalPolicy;
    /** The longest time-boxed grant (GRANT_MAX); 8 hours when not given. */
    grantMaxMs?: number;
  };
  clock: Clock;
  logger: Logger;
  /**
   * The voice platform and the E911 address validator; each left out falls back to its local
   * default (`localProvisioner`, `formatAddressValidator`). Set when the services are made.
   */
  voice?: VoiceOptions;
  /**
   * The operations an approval request may name, by name; left out: every operation of
   * `src/services/operations.ts`. Set when the services are made (a test adds its own).
   */
  operations?: OperationList;
  /** Requests that moved on (decided, expired, carried out) are published here; adapters subscribe. */
  approvalEvents: ApprovalEvents;
  /** Access reviews started, decided, due a reminder or closed; the chat adapters subscribe. */
  reviewEvents: ReviewEvents;
  /** How `users import` batches are getting on, for the adapters; and the runner's wake-up. */
  importEvents: ImportEvents;
  /** Reads served again while their account's data is unchanged (read-cache.ts); left out: none kept. */
  readCache?: AccountReadCache;
}

/** The portal user on whose behalf a service runs, and where the request came from. */
export interface Actor {
  /** The portal user's internal id (PortalUser.id), as resolved from a chat identity or the console. */
  userId: string;
  platform: Platform;
}

/** What a change reports for its audit event. */
export interface AuditTarget {
  targetType: string;
  targetId: string;
  targetName: string;
}

/** Inside a change's transaction. */
export interface ChangeScope {
  em: EntityManager;
  actor: PortalUser;
  account: Account;
  now: Date;
  deps: ServiceDeps;
  /** Set as soon as the target is known, so that a refusal is audited against it too. */
  target: AuditTarget | null;
  /** A dry run (a preview for an approval request): rolled back, and no outside system is called. */
  dryRun: boolean;
  /** The approval the change is carried out under, if it waited for one. */
  approval?: ApprovalOfChange;
  /** Where the change was asked from (for a held one: where it was asked, not where it was approved). */
  platform?: Platform;
}

export interface ChangeResult<T> {
  result: T;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
