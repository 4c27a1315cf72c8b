import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';

export const SiteSchema = defineEntity({
  name: 'Site',
  tableName: 'sites',
  uniques: [{ properties: ['account', 'accountNumber'], name: 'sites_account_number_unique' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    name: p.string().length(200),
    accountNumber: p.string().length(32),
    city: p.string().length(64),
    state: p.string().length(2),
    createdAt: p.datetime(),
  },
});

/** A site of an account, as in the portal's Sites tile: name, account number, city, state. */
export class Site extends SiteSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.createdAt = new Date();
  }
}

SiteSchema.setClass(Site);
