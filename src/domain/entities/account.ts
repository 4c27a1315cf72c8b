import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';

export const AccountSchema = defineEntity({
  name: 'Account',
  tableName: 'accounts',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(200).unique(),
    createdAt: p.datetime(),
  },
});

/** A customer account of the portal: its users, sites and settings belong to it. */
export class Account extends AccountSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.createdAt = new Date();
  }
}

AccountSchema.setClass(Account);
