import { z } from 'zod/v4';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import type { Actor, ServiceDeps } from '../context.js';
import { requireAdministrator } from '../authorize.js';
import { revokeOpenLinks } from './revocation.js';
import { issuePasswordLink } from '../outbox.js';
import { runChange } from '../run.js';
import { findUser } from '../users/lookup.js';

export const resetPasswordsInput = z.object({
  users: z
    .array(z.string().trim().min(1, 'Give each user as a User ID or email'), {
      error: 'Give the users to send reset links to',
    })
    .min(1, 'Give at least one user')
    .max(100, 'At most 100 users at a time'),
});

/**
 * Emails each user a reset link, all or none: an unknown, unconfirmed, disabled or
 * deleted user refuses the whole request, naming the user. A new link revokes the
 * user's earlier password links.
 */
export async function requestPasswordResets(
  deps: ServiceDeps,
  actor: Actor,
  input: unknown,
): Promise<{ users: { userId: string; email: string }[] }> {
  return runChange(
    deps,
    actor,
    {
      action: 'user.reset-password',
      schema: resetPasswordsInput,
      async run(data, scope) {
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
          issuePasswordLink(scope, user, 'reset', deps.settings.resetTtlMs);
        }
        await em.flush();
        const result = users.map((u) => ({ userId: u.userId, email: u.email }));
        return { result: { users: result }, before: null, after: { users: result.map((u) => u.userId) } };
      },
    },
    input,
  );
}
