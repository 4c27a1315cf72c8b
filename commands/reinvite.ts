import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { reinviteUserOperation } from '../src/services/invitations/invitations.js';
import { answer } from './run-gated.js';
import { when } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

export const reinviteCommand = defineCommand({
  words: ['reinvite'],
  usage: '<user>',
  summary: 'new invitation to an unconfirmed user; earlier links stop working',
  permission: 'Administrator',
  args: oneUser,
  async run(ctx, args) {
    // Through the approval gate: a new link to an invited Administrator is a way into an Administrator account.
    const input = { user: await userRef(ctx, args.user) };
    const reply = await answer(await ctx.run(reinviteUserOperation, input), (invitation) =>
      success(
        `Sent a new invitation to ${invitation.email}; earlier links no longer work. It expires ${when(invitation.expiresAt)}.`,
      ),
    );
    return { kind: 'reply', reply };
  },
});

export const commands = [reinviteCommand];
