import { newShortRefId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const GRANT_STATES = ['active', 'ended', 'revoked'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

export const GrantSchema = defineEntity({
  name: 'Grant',
  tableName: 'grants',
  indexes: [
    { properties: ['state', 'endsAt'], name: 'grants_due_index' },
    { properties: ['account', 'user'], name: 'grants_user_index' },
  ],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    /** Who holds the permission for the while. */
    user: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    /** Who asked: the user themselves (`request`) or an Administrator (`grant`). */
    requester: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    /** As written: `orders:manage`, `admin`. */
    permission: p.string().length(32),
    /** The permission field it raises (`orders`, `administrator`), its value during the grant and before it. */
    field: p.string().length(32),
    grantedValue: p.string().length(16),
    previousValue: p.string().length(16),
    reason: p.string().length(500),
    /** The approval request it came from, if it waited for one; its approvers by name. */
    approvalRequestId: p.uuid().strictNullable(),
    approvers: p.json<string[]>(),
    /** The platform it was asked from: where the user is told of its end. */
    platform: p.string().length(16),
    state: p.string().length(16).$type<GrantState>().default('active'),
    startedAt: p.datetime(),
    endsAt: p.datetime(),
    endedAt: p.datetime().strictNullable(),
    /** How it ended: on time, revoked by whom, or left alone because an Administrator changed the area since. */
    outcome: p.text().strictNullable(),
    /**
     * Who set this area on purpose while the grant ran (a role or permissions applied, an import, a
     * review's revoke), and when: its end then leaves the area as they set it.
     */
    changedBy: p.string().length(200).strictNullable(),
    changedAt: p.datetime().strictNullable(),
    /** The portal user who revoked it, when someone did. */
    revokedById: p.uuid().strictNullable(),
    version: p.integer().version(),
  },
});

/**
 * A time-boxed grant: one permission of one portal user raised until `endsAt`, then returned to
 * `previousValue` exactly once (the sweeper claims the end by the state and version it read).
 */
export class Grant extends GrantSchema.class {
  constructor() {
    super();
    this.id = newShortRefId();
    this.approvalRequestId = null;
    this.approvers = [];
    this.state = 'active';
    this.endedAt = null;
    this.outcome = null;
    this.changedBy = null;
    this.changedAt = null;
    this.revokedById = null;
  }
}

GrantSchema.setClass(Grant);
