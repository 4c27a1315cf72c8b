import { newId } from '../ids.js';
import { Collection, defineEntity, p } from '@mikro-orm/core';
import type { AreaLevel, InvoiceLevel, Permissions, SsoLevel } from '../permissions.js';
import { Account } from './account.js';
import { Site } from './site.js';

export const USER_STATES = ['unconfirmed', 'enabled', 'disabled', 'deleted'] as const;
export type UserState = (typeof USER_STATES)[number];

export const PortalUserSchema = defineEntity({
  name: 'PortalUser',
  tableName: 'portal_users',
  uniques: [
    { properties: ['account', 'userIdKey'], name: 'portal_users_user_id_unique' },
    { properties: ['account', 'emailKey'], name: 'portal_users_email_unique' },
  ],
  indexes: [
    { properties: ['account', 'state'], name: 'portal_users_state_index' },
    // The list's order within an account, so that a page of users is read in order, not sorted.
    { properties: ['account', 'firstName', 'lastName', 'userIdKey'], name: 'portal_users_list_order_index' },
  ],
  properties: {
    id: p.uuid().primary(),
    // No index of its own on SQLite: every index of the table starts with the account.
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    userId: p.string().length(64),
    userIdKey: p.string().length(64),
    label: p.string().length(100),
    firstName: p.string().length(100),
    lastName: p.string().length(100),
    email: p.string().length(254),
    emailKey: p.string().length(254).strictNullable(),
    phone: p.string().length(20).strictNullable(),
    // Checked by the services; no CHECK constraint, which SQLite could only change by rebuilding the table.
    state: p.string().length(16).$type<UserState>().default('enabled'),
    passwordHash: p.string().length(200).strictNullable().hidden(),
    passwordChangedAt: p.datetime().strictNullable(),
    administrator: p.boolean().default(false),
    accessAllSites: p.boolean().default(false),
    invoices: p.string().length(8).$type<InvoiceLevel>().default('hide'),
    orders: p.string().length(8).$type<AreaLevel>().default('hide'),
    services: p.string().length(8).$type<AreaLevel>().default('hide'),
    tickets: p.string().length(8).$type<AreaLevel>().default('hide'),
    fortinetSso: p.string().length(10).$type<SsoLevel>().default('off'),
    merakiSso: p.string().length(10).$type<SsoLevel>().default('off'),
    veloSso: p.string().length(10).$type<SsoLevel>().default('off'),
    sites: () => p.manyToMany(Site).pivotTable('portal_user_sites').owner(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().onUpdate(() => new Date()),
    deletedAt: p.datetime().strictNullable(),
    version: p.integer().version(),
    name: p.string().persist(false).getter(),
  },
});

/**
 * A portal user. `userIdKey` (lower case) is unique per account and stays taken after
 * delete; `emailKey` (lower case) is unique among the account's non-deleted users and
 * is cleared on delete. `version` guards against two admins overwriting each other.
 */
export class PortalUser extends PortalUserSchema.class implements Permissions {
  constructor() {
    super();
    this.id = newId();
    this.emailKey = null;
    this.phone = null;
    this.state = 'enabled';
    this.passwordHash = null;
    this.passwordChangedAt = null;
    this.administrator = false;
    this.accessAllSites = false;
    this.invoices = 'hide';
    this.orders = 'hide';
    this.services = 'hide';
    this.tickets = 'hide';
    this.fortinetSso = 'off';
    this.merakiSso = 'off';
    this.veloSso = 'off';
    this.sites = new Collection<Site>(this);
    this.createdAt = new Date();
    this.updatedAt = new Date();
    this.deletedAt = null;
  }

  override get name(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }
}

PortalUserSchema.setClass(PortalUser);
