import type { z } from 'zod/v4';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { resetPasswordsInput } from '../../domain/inputs/user-inputs.js';
import type { Actor, ChangeResult, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { requireAdministrator } from '../authorize.js';
import { revokeOpenLinks } from './revocation.js';
import { issuePasswordLink } from '../outbox.js';
import { runOperation } from '../run.js';
import { findUser } from '../users/lookup.js';

export { resetPasswordsInput };

/**
 * Emails each user a reset link, all or none: an unknown, unconfirmed, disabled or
 * deleted user refuses the whole request, naming the user. A new link revokes the
 * user's earlier password links.
 */
export const resetPasswordsOperation = defineOperation({
  name: 'user.reset-password',
  label: 'Send password reset links',
  input: resetPasswordsInput,
  approval: { rules: [], bulk: true },
  async run(data, scope): Promise<ChangeResult<PasswordResets>> {
    const { em, account, now } = scope;
    requireAdministrator(scope.actor, 'send password reset links');
    const users: PortalUser[] = [];
    for (const ref of data.users) {
      const user = await findUser(em, account, ref, 'users');
      if (user.state !== 'enabled') {
        const hint =
          user.state === 'unconfirmed'
            ? 'reinvite them instead'
            : user.state === 'disabled'
              ? 'enable them first'
              : 'restore and enable them first';
        throw ServiceError.field(
          'USER.INVALID_STATE',
          'users',
          `${user.userId} is ${user.state}, so no reset link was sent to anyone; ${hint}.`,
        );
      }
      if (!users.includes(user)) users.push(user);
    }
    scope.target =
      users.length === 1
        ? { targetType: 'user', targetId: users[0]!.id, targetName: users[0]!.userId }
        : { targetType: 'users', targetId: `${users.length} users`, targetName: `${users.length} users` };
    for (const user of users) {
      await revokeOpenLinks(em, user, now, 'password');
      issuePasswordLink(scope, user, 'reset', scope.deps.settings.resetTtlMs);
    }
    await em.flush();
    const result = users.map((u) => ({ userId: u.userId, email: u.email }));
    return { result: { users: result }, before: null, after: { users: result.map((u) => u.userId) } };
  },
});

/** Who was sent a reset link. */
export interface PasswordResets {
  users: { userId: string; email: string }[];
}

/** Sends reset links at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const requestPasswordResets = (
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof resetPasswordsInput>,
): Promise<PasswordResets> => runOperation(deps, actor, resetPasswordsOperation, input);
