import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { cancelInvitationOperation } from '../src/services/invitations/invitations.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

export const inviteCancelCommand = defineCommand({
  words: ['invite', 'cancel'],
  usage: '<user>',
  summary: 'delete an unconfirmed user; the invitation stops working',
  permission: 'Administrator',
  args: oneUser,
  async run(ctx, args) {
    const input = { user: await userRef(ctx, args.user) };
    const reply = await answer(await ctx.run(cancelInvitationOperation, input), (result) =>
      success(`Cancelled the invitation of ${result.email}; the link no longer works.`),
    );
    return { kind: 'reply', reply };
  },
});

export const commands = [inviteCancelCommand];
