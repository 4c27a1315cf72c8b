import { addUserForm } from '../views/forms/user-forms.js';
import { success } from '../views/reply.js';
import { noArgs } from './args.js';
import { addUserOperation } from '../src/services/users/profile.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { userFacts } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

const addUserFormHandler = defineForm({
  form: addUserForm,
  async submit(ctx, input) {
    return answer(await ctx.run(addUserOperation, input), (user) => {
      const email = (input as { sendSetupEmail?: boolean }).sendSetupEmail
        ? ` A password setup email is on its way to ${user.email}.`
        : '';
      return success(`Added ${user.name} (${user.userId}).${email}`, [
        { type: 'text', text: `Added ${user.name} (${user.userId}).${email}` },
        userFacts(user),
      ]);
    });
  },
});

export const userAddCommand = defineCommand({
  words: ['user', 'add'],
  usage: '',
  summary:
    'form: User ID, User Label, First and Last Name, Email, Phone, role preset, permissions, sites, "send password setup email"',
  permission: 'Administrator',
  args: noArgs,
  form: { form: addUserForm },
  async run(ctx) {
    return {
      kind: 'form',
      open: await openForm(ctx, addUserForm, { role: 'read-only', sendSetupEmail: true, sites: [] }),
    };
  },
});

export const commands = [userAddCommand];
export const forms = [addUserFormHandler];
