import { z } from 'zod/v4';
import { resetPasswordForm } from '../views/forms/user-forms.js';
import { success } from '../views/reply.js';
import { flagsOnly, userRef } from './args.js';
import { resetPasswordsOperation } from '../src/services/links/password-resets.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand, type CommandScope } from './types.js';

async function sendResets(ctx: CommandScope, users: string[]) {
  return answer(await ctx.run(resetPasswordsOperation, { users }), (result) => {
    const names = result.users.map((u) => `${u.userId} (${u.email})`).join(', ');
    return success(`Sent a password reset link to ${names}.`);
  });
}

const resetPasswordFormHandler = defineForm({
  form: resetPasswordForm,
  submit: (ctx, input) => sendResets(ctx, (input as { users: string[] }).users),
});

export const userResetPasswordCommand = defineCommand({
  words: ['user', 'reset-password'],
  usage: '<user> [<user> ...]',
  summary: 'email each user a reset link; with no user, a form to pick them',
  permission: 'Administrator',
  args: z.object({ positional: z.array(z.string()), flags: flagsOnly([]) }).transform((a) => ({ users: a.positional })),
  form: { form: resetPasswordForm },
  async run(ctx, args) {
    if (args.users.length === 0) return { kind: 'form', open: await openForm(ctx, resetPasswordForm, { users: [] }) };
    const users = await Promise.all(args.users.map((u) => userRef(ctx, u)));
    return { kind: 'reply', reply: await sendResets(ctx, users) };
  },
});

export const commands = [userResetPasswordCommand];
export const forms = [resetPasswordFormHandler];
