import { showUser } from '../src/services/users/query.js';
import { info } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { userFacts } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

export const userShowCommand = defineCommand({
  words: ['user', 'show'],
  usage: '<user>',
  summary: 'one user in full',
  permission: 'Administrator',
  args: oneUser,
  async run(ctx, args) {
    const user = await showUser(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    return {
      kind: 'reply',
      reply: info(`${user.name || user.userId} (${user.userId}): ${user.state}`, [
        { type: 'header', text: `${user.name || user.userId} (${user.userId})` },
        userFacts(user),
        {
          type: 'actions',
          actions: [
            { label: 'Edit', command: `user edit ${user.userId}` },
            { label: 'Permissions', command: `user permissions ${user.userId}` },
            { label: 'Reset password', command: `user reset-password ${user.userId}` },
          ],
        },
      ]),
    };
  },
});

export const commands = [userShowCommand];
