import { reinviteUser } from '../src/services/invitations.js';
import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { when } from './present.js';
import { defineCommand } from './types.js';

export const reinviteCommand = defineCommand({
  words: ['reinvite'],
  usage: '<user>',
  summary: 'new invitation to an unconfirmed user; earlier links stop working',
  permission: 'Administrator',
  args: oneUser,
  async run(ctx, args) {
    const invitation = await reinviteUser(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    return { kind: 'reply', reply: success(`Sent a new invitation to ${invitation.email}; earlier links no longer work. It expires ${when(invitation.expiresAt)}.`) };
  },
});
