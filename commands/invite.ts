import { z } from 'zod/v4';
import { inviteForm } from '../views/forms/user-forms.js';
import { success } from '../views/reply.js';
import { flagsOnly } from './args.js';
import { when } from '../views/replies/user-facts.js';
import { inviteUserOperation } from '../src/services/invitations/invitations.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand, type CommandScope } from './types.js';

async function sendInvite(ctx: CommandScope, input: unknown) {
  return answer(await ctx.run(inviteUserOperation, input), (invitation) =>
    success(`Invited ${invitation.email} as ${invitation.role}; the link expires ${when(invitation.expiresAt)}.`, [
      {
        type: 'text',
        text: 'They get an email with a link to set their password.',
      },
      { type: 'actions', actions: [{ label: 'Pending invitations', command: 'invites' }] },
    ]),
  );
}

const inviteFormHandler = defineForm({ form: inviteForm, submit: sendInvite });

export const inviteCommand = defineCommand({
  words: ['invite'],
  usage: '<email> [--role admin|regular|read-only|support] [--name "First Last"]',
  summary: 'invite by email; with no arguments, the form',
  permission: 'Administrator',
  args: z
    .object({
      positional: z.array(z.string()).max(1, 'Give one email; put a name in --name "First Last"'),
      flags: flagsOnly(['role', 'name']),
    })
    .transform((a, ctx) => {
      const text = (flag: string | true | undefined, name: string) => {
        if (flag === true) ctx.addIssue({ code: 'custom', message: `--${name} needs a value` });
        return typeof flag === 'string' ? flag : undefined;
      };
      const name = text(a.flags.name, 'name')?.trim().split(/\s+/) ?? [];
      return {
        email: a.positional[0],
        role: text(a.flags.role, 'role'),
        firstName: name[0],
        lastName: name.slice(1).join(' ') || undefined,
      };
    }),
  form: { form: inviteForm },
  async run(ctx, args) {
    if (!args.email)
      return {
        kind: 'form',
        open: await openForm(ctx, inviteForm, {
          role: args.role ?? 'regular',
          firstName: args.firstName ?? '',
          lastName: args.lastName ?? '',
        }),
      };
    return { kind: 'reply', reply: await sendInvite(ctx, args) };
  },
});

export const commands = [inviteCommand];
export const forms = [inviteFormHandler];
