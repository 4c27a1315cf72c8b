import { cancelInvitation } from '../src/services/invitations.js';
import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { defineCommand } from './types.js';

export const inviteCancelCommand = defineCommand({
  words: ['invite', 'cancel'],
  usage: '<user>',
  summary: 'delete an unconfirmed user; the invitation stops working',
  permission: 'Administrator',
  args: oneUser,
  async run(ctx, args) {
    const result = await cancelInvitation(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    return { kind: 'reply', reply: success(`Cancelled the invitation of ${result.email}; the link no longer works.`) };
  },
});
