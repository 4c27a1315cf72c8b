import { showUser } from '../src/services/users/query.js';
import { permissionsForm } from '../views/forms/user-forms.js';
import { success } from '../views/reply.js';
import { oneUser, userRef } from './args.js';
import { setPermissionsOperation } from '../src/services/users/profile.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { userFacts } from '../views/replies/user-facts.js';
import { defineCommand } from './types.js';

const permissionsFormHandler = defineForm({
  form: permissionsForm,
  async submit(ctx, input) {
    return answer(await ctx.run(setPermissionsOperation, input), (user) =>
      success(`Saved the permissions of ${user.name} (${user.userId}).`, [
        { type: 'text', text: `Saved the permissions of ${user.name} (${user.userId}).` },
        userFacts(user),
      ]),
    );
  },
});

export const userPermissionsCommand = defineCommand({
  words: ['user', 'permissions'],
  usage: '<user>',
  summary: 'form: permissions',
  permission: 'Administrator',
  args: oneUser,
  form: { form: permissionsForm, target: 'user' },
  async run(ctx, args) {
    const user = await showUser(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    const initial = { ...user.permissions, sites: user.sites.map((s) => s.accountNumber) };
    return {
      kind: 'form',
      open: await openForm(ctx, permissionsForm, initial, { user: user.userId, expectedVersion: user.version }),
    };
  },
});

export const commands = [userPermissionsCommand];
export const forms = [permissionsFormHandler];
