import type { MikroORM } from '@mikro-orm/core';
import type { ConsoleUser } from '../console/start.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { firstAdministrator } from './demo-data.js';

function consoleUserOf(user: PortalUser): ConsoleUser {
  return {
    id: user.id,
    userId: user.userId,
    name: user.name || user.userId,
    account: user.account.name,
    administrator: user.administrator,
  };
}

/**
 * The portal user the console acts as: `--as` (a User ID or email, in the demo account
 * first, else in the one account that has it), or the demo account's first Administrator,
 * or the first enabled Administrator of any account. A message when there is none.
 */
export async function consoleUser({ orm }: { orm: MikroORM }, as?: string): Promise<ConsoleUser | string> {
  const em = orm.em.fork();
  if (as === undefined) {
    const demo = await firstAdministrator(orm);
    const user =
      demo ??
      (await em.findOne(
        PortalUser,
        { administrator: true, state: 'enabled' },
        { orderBy: { createdAt: 'asc', userIdKey: 'asc' } },
      ));
    if (user) return consoleUserOf(await em.findOneOrFail(PortalUser, { id: user.id }, { populate: ['account'] }));
    return (
      'There is no enabled Administrator to act as: create one with `npm run cli -- admin create ...`, ' +
      'or load the demo with `npm run cli -- demo`.'
    );
  }
  const key = as.trim().toLowerCase();
  const found = await em.find(
    PortalUser,
    { $or: [{ userIdKey: key }, { emailKey: key }] },
    { populate: ['account'], orderBy: { createdAt: 'asc' } },
  );
  if (found.length === 0)
    return `No portal user "${as}" to act as: give a User ID or email of an enabled user (--as cburns).`;
  const byId = found.filter((u) => u.userIdKey === key);
  const candidates = byId.length > 0 ? byId : found;
  const accounts = new Set(candidates.map((u) => u.account.id));
  if (accounts.size > 1) return `"${as}" is a user of ${accounts.size} accounts; give the email of the one to act as.`;
  const user = candidates[0]!;
  if (user.state !== 'enabled')
    return `${user.userId} is ${user.state}: the console acts only as an enabled portal user.`;
  return consoleUserOf(user);
}
