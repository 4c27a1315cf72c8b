import { z } from 'zod/v4';
import type { UserState } from '../../domain/entities/portal-user.js';
import { emailKey } from '../../domain/user-fields.js';
import type { Actor, ChangeScope, ServiceDeps } from '../context.js';
import { requireAdministrator, requireAnotherEnabledAdministrator, requireNotSelf } from '../authorize.js';
import { revokeOpenLinks } from '../links/revocation.js';
import { runChange } from '../run.js';
import { findUser, requireFreeEmail, requireState, requireVersion } from './lookup.js';
import { toUserDto, userSnapshot, userTarget, type UserDto } from './user-dto.js';

export const userRefInput = z.object({
  user: z.string({ error: 'Give the user: a User ID or email' }).trim().min(1, 'Give the user: a User ID or email'),
  expectedVersion: z.number().int().positive().optional(),
});

type StateChange = 'enable' | 'disable' | 'delete' | 'restore';

const RULES: Record<StateChange, { from: UserState[]; to: UserState; past: string; hint: string }> = {
  enable: {
    from: ['disabled'],
    to: 'enabled',
    past: 'enabled',
    hint: 'Only disabled users can be enabled; an unconfirmed user needs `reinvite`, a deleted one `user restore`.',
  },
  disable: {
    from: ['enabled'],
    to: 'disabled',
    past: 'disabled',
    hint: 'Only enabled users can be disabled; cancel an open invitation with `invite cancel`.',
  },
  delete: {
    from: ['enabled', 'disabled'],
    to: 'deleted',
    past: 'deleted',
    hint: 'To withdraw an open invitation use `invite cancel`.',
  },
  restore: { from: ['deleted'], to: 'disabled', past: 'restored', hint: 'Only deleted users can be restored.' },
};

async function changeState(deps: ServiceDeps, actor: Actor, change: StateChange, input: unknown): Promise<UserDto> {
  const rule = RULES[change];
  return runChange(
    deps,
    actor,
    {
      action: `user.${change}`,
      schema: userRefInput,
      async run(data, scope: ChangeScope) {
        const { em, account, now } = scope;
        requireAdministrator(scope.actor);
        const user = await findUser(em, account, data.user);
        scope.target = userTarget(user);
        requireVersion(user, data.expectedVersion);
        requireState(user, rule.from, rule.past, rule.hint);
        if (change === 'delete' || change === 'disable') {
          requireNotSelf(scope.actor, user, change);
          await requireAnotherEnabledAdministrator(em, user, change);
          await revokeOpenLinks(em, user, now);
        }
        if (change === 'restore') await requireFreeEmail(em, account, user.email, user);
        const before = userSnapshot(user);
        user.state = rule.to;
        user.deletedAt = change === 'delete' ? now : null;
        // A deleted user keeps the record and its User ID, but frees the email for someone else.
        user.emailKey = change === 'delete' ? null : emailKey(user.email);
        await em.flush();
        return { result: toUserDto(user), before, after: userSnapshot(user) };
      },
    },
    input,
  );
}

export const enableUser = (deps: ServiceDeps, actor: Actor, input: unknown) =>
  changeState(deps, actor, 'enable', input);
export const disableUser = (deps: ServiceDeps, actor: Actor, input: unknown) =>
  changeState(deps, actor, 'disable', input);
/** Delete keeps the record for the logs; the User ID stays reserved. */
export const deleteUser = (deps: ServiceDeps, actor: Actor, input: unknown) =>
  changeState(deps, actor, 'delete', input);
/** A restored user comes back disabled, to be enabled on purpose. */
export const restoreUser = (deps: ServiceDeps, actor: Actor, input: unknown) =>
  changeState(deps, actor, 'restore', input);
