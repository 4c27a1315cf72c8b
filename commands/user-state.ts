import {
  deleteUserOperation,
  disableUserOperation,
  enableUserOperation,
  restoreUserOperation,
} from '../src/services/users/state.js';
import type { UserDto } from '../src/domain/dto/user-dto.js';
import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

function stateCommand(
  word: 'enable' | 'disable' | 'delete' | 'restore',
  summary: string,
  done: (u: UserDto) => string,
) {
  return defineCommand({
    words: ['user', word],
    usage: '<user>',
    summary,
    permission: 'Administrator',
    args: oneUser,
    async run(ctx, args) {
      const input = { user: await userRef(ctx, args.user) };
      // Each goes through the approval gate: enabling or restoring an Administrator is held like granting it.
      return {
        kind: 'reply',
        reply: await answer(await ctx.run(OPERATIONS[word], input), (user) => success(done(user))),
      };
    },
  });
}

const OPERATIONS = {
  enable: enableUserOperation,
  disable: disableUserOperation,
  delete: deleteUserOperation,
  restore: restoreUserOperation,
} as const;

const who = (u: UserDto) => `${u.name || u.userId} (${u.userId})`;

export const userEnableCommand = stateCommand(
  'enable',
  'give a disabled user access again',
  (u) => `Enabled ${who(u)}.`,
);
export const userDisableCommand = stateCommand(
  'disable',
  "take away a user's access; their links stop working",
  (u) => `Disabled ${who(u)}; their open links no longer work.`,
);
export const userDeleteCommand = stateCommand(
  'delete',
  'delete a user; the record is kept and the User ID stays reserved',
  (u) => `Deleted ${who(u)}. The record is kept for the logs and ${u.userId} stays reserved.`,
);
export const userRestoreCommand = stateCommand(
  'restore',
  'bring back a deleted user, disabled',
  (u) => `Restored ${who(u)} as disabled; run \`user enable ${u.userId}\` to give access back.`,
);

export const commands = [userEnableCommand, userDisableCommand, userDeleteCommand, userRestoreCommand];
