import { newShortRefId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

/**
 * preview → queued (confirmed) → running (a runner holds its lease) → done | failed;
 * preview → cancelled. A preview left alone expires (see `expiresAt`).
 */
export const IMPORT_STATES = ['preview', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

/** Where the admin asked for the import: a front end posts its progress there. */
export interface ImportOrigin {
  platform: string;
  channel?: string;
  extra?: Record<string, string>;
}

export const ImportBatchSchema = defineEntity({
  name: 'ImportBatch',
  tableName: 'import_batches',
  indexes: [
    { properties: ['state', 'leaseUntil'], name: 'import_batches_due_index' },
    { properties: ['account', 'createdAt'], name: 'import_batches_account_index' },
  ],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    /** Who uploaded and confirmed it: the actor of every change it makes. */
    requester: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    platform: p.string().length(16),
    origin: p.json<ImportOrigin>(),
    /** Where the front end posted the progress message (set once). */
    messageRef: p.string().length(500).strictNullable(),
    fileName: p.string().length(255),
    /** The header of the file as written, for the CSV of failed rows. */
    header: p.json<string[]>(),
    state: p.string().length(16).$type<ImportState>().default('preview'),
    total: p.integer(),
    toAdd: p.integer(),
    toUpdate: p.integer(),
    invalid: p.integer(),
    sendsEmails: p.integer(),
    /** Rows that would make someone an Administrator. */
    administrators: p.integer(),
    /** Rows that would change the email of someone who is an Administrator (their links go there). */
    administratorEmails: p.integer().default(0),
    done: p.integer().default(0),
    added: p.integer().default(0),
    updated: p.integer().default(0),
    unchanged: p.integer().default(0),
    failed: p.integer().default(0),
    /** Why it failed as a whole, when it did. */
    reason: p.text().strictNullable(),
    /** The runner process holding it while `running`, and until when (renewed per chunk). */
    leaseOwner: p.string().length(64).strictNullable(),
    leaseUntil: p.datetime().strictNullable(),
    createdAt: p.datetime(),
    /** A preview not confirmed by then cannot be confirmed. */
    expiresAt: p.datetime(),
    startedAt: p.datetime().strictNullable(),
    finishedAt: p.datetime().strictNullable(),
  },
});

/**
 * One `users import`: the file previewed, then, once confirmed, imported in chunks by a runner
 * that holds a lease on it, with its counters kept in the same transaction as each chunk.
 */
export class ImportBatch extends ImportBatchSchema.class {
  constructor() {
    super();
    this.id = newShortRefId();
    this.messageRef = null;
    this.state = 'preview';
    this.done = 0;
    this.added = 0;
    this.updated = 0;
    this.unchanged = 0;
    this.failed = 0;
    this.administratorEmails = 0;
    this.reason = null;
    this.leaseOwner = null;
    this.leaseUntil = null;
    this.startedAt = null;
    this.finishedAt = null;
  }
}

ImportBatchSchema.setClass(ImportBatch);
