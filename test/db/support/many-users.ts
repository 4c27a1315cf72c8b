import type { MikroORM } from '@mikro-orm/core';
import { Account } from '../../../src/domain/entities/account.js';
import { makeUser } from '../../support/switchboard.js';

/** A new account holding `count` regular users, `<prefix>00000@example.com` on, written in one flush. */
export async function accountWithUsers(orm: MikroORM, name: string, prefix: string, count: number): Promise<Account> {
  const em = orm.em.fork();
  const account = Object.assign(new Account(), { name, createdAt: new Date() });
  em.persist(account);
  for (let i = 0; i < count; i++) {
    const userId = `${prefix}${String(i).padStart(5, '0')}`;
    em.persist(makeUser(account, { userId, email: `${userId}@example.com` }, new Date(), 'regular'));
  }
  await em.flush();
  return account;
}
