import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';

/** A site of an account, as in the portal's Sites tile: name, account number, city, state. */
export class Site {
  id: string = randomUUID();
  account!: Account;
  name!: string;
  accountNumber!: string;
  city!: string;
  state!: string;
  createdAt: Date = new Date();
}

export const SiteSchema = new EntitySchema<Site>({
  class: Site,
  tableName: 'sites',
  uniques: [{ properties: ['account', 'accountNumber'], name: 'sites_account_number_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    name: { type: 'string', length: 200 },
    accountNumber: { type: 'string', length: 32 },
    city: { type: 'string', length: 64 },
    state: { type: 'string', length: 2 },
    createdAt: { type: 'datetime' },
  },
});
