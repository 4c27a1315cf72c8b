import { randomUUID } from 'node:crypto';
import { Collection, EntitySchema } from '@mikro-orm/core';
import type { AreaLevel, InvoiceLevel, Permissions, SsoLevel } from '../permissions.js';
import { Account } from './account.js';
import { Site } from './site.js';

export const USER_STATES = ['unconfirmed', 'enabled', 'disabled', 'deleted'] as const;
export type UserState = (typeof USER_STATES)[number];

/**
 * A portal user. `userIdKey` (lower case) is unique per account and stays taken after
 * delete; `emailKey` (lower case) is unique among the account's non-deleted users and
 * is cleared on delete. `version` guards against two admins overwriting each other.
 */
export class PortalUser implements Permissions {
  id: string = randomUUID();
  account!: Account;
  userId!: string;
  userIdKey!: string;
  label!: string;
  firstName!: string;
  lastName!: string;
  email!: string;
  emailKey: string | null = null;
  phone: string | null = null;
  state: UserState = 'enabled';
  passwordHash: string | null = null;
  passwordChangedAt: Date | null = null;
  administrator = false;
  accessAllSites = false;
  invoices: InvoiceLevel = 'hide';
  orders: AreaLevel = 'hide';
  services: AreaLevel = 'hide';
  tickets: AreaLevel = 'hide';
  fortinetSso: SsoLevel = 'off';
  merakiSso: SsoLevel = 'off';
  veloSso: SsoLevel = 'off';
  sites = new Collection<Site>(this);
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  deletedAt: Date | null = null;
  version!: number;

  get name(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }
}

export const PortalUserSchema = new EntitySchema<PortalUser>({
  class: PortalUser,
  tableName: 'portal_users',
  uniques: [
    { properties: ['account', 'userIdKey'], name: 'portal_users_user_id_unique' },
    { properties: ['account', 'emailKey'], name: 'portal_users_email_unique' },
  ],
  indexes: [{ properties: ['account', 'state'], name: 'portal_users_state_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    userId: { type: 'string', length: 64 },
    userIdKey: { type: 'string', length: 64 },
    label: { type: 'string', length: 100 },
    firstName: { type: 'string', length: 100 },
    lastName: { type: 'string', length: 100 },
    email: { type: 'string', length: 254 },
    emailKey: { type: 'string', length: 254, nullable: true },
    phone: { type: 'string', length: 20, nullable: true },
    // Checked by the services; no CHECK constraint, which SQLite could only change by rebuilding the table.
    state: { type: 'string', length: 16, default: 'enabled' },
    passwordHash: { type: 'string', length: 200, nullable: true, hidden: true },
    passwordChangedAt: { type: 'datetime', nullable: true },
    administrator: { type: 'boolean', default: false },
    accessAllSites: { type: 'boolean', default: false },
    invoices: { type: 'string', length: 8, default: 'hide' },
    orders: { type: 'string', length: 8, default: 'hide' },
    services: { type: 'string', length: 8, default: 'hide' },
    tickets: { type: 'string', length: 8, default: 'hide' },
    fortinetSso: { type: 'string', length: 10, default: 'off' },
    merakiSso: { type: 'string', length: 10, default: 'off' },
    veloSso: { type: 'string', length: 10, default: 'off' },
    sites: { kind: 'm:n', entity: () => Site, pivotTable: 'portal_user_sites', owner: true },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
    deletedAt: { type: 'datetime', nullable: true },
    version: { type: 'integer', version: true },
    name: { type: 'string', persist: false, getter: true },
  },
});
