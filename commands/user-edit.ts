import { showUser } from '../src/services/users/query.js';
import { editUserForm } from '../views/forms/user-forms.js';
import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { editUserOperation } from '../src/services/users/profile.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { userFacts } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

const editUserFormHandler = defineForm({
  form: editUserForm,
  async submit(ctx, input) {
    // Through the approval gate: an Administrator's email is where their password links go.
    return answer(await ctx.run(editUserOperation, input), (user) => {
      const saved = `Saved ${user.name} (${user.userId}).`;
      // A new email: the links mailed to the old address stopped working (and what was sent instead).
      const links = user.emailChange?.notice;
      return success(links ? `${saved} ${links}` : saved, [
        { type: 'text', text: links ? `${saved}\n${links}` : saved },
        userFacts(user),
      ]);
    });
  },
});

export const userEditCommand = defineCommand({
  words: ['user', 'edit'],
  usage: '<user>',
  summary: 'form: profile fields',
  permission: 'Administrator',
  args: oneUser,
  form: { form: editUserForm, target: 'user' },
  async run(ctx, args) {
    const user = await showUser(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    const initial = {
      userId: user.userId,
      label: user.label,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      phone: user.phone ?? '',
    };
    // The form saves only over the version it showed: a change made meanwhile is not overwritten.
    return {
      kind: 'form',
      open: await openForm(ctx, editUserForm, initial, { user: user.userId, expectedVersion: user.version }),
    };
  },
});

export const commands = [userEditCommand];
export const forms = [editUserFormHandler];
