import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

/** A customer account of the portal: its users, sites and settings belong to it. */
export class Account {
  id: string = randomUUID();
  name!: string;
  createdAt: Date = new Date();
}

export const AccountSchema = new EntitySchema<Account>({
  class: Account,
  tableName: 'accounts',
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'string', length: 200, unique: true },
    createdAt: { type: 'datetime' },
  },
});
