import { z } from 'zod/v4';
import { Invitation } from '../../domain/entities/invitation.js';
import { PasswordLink } from '../../domain/entities/password-link.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { checkPortalPassword } from '../../domain/password-policy.js';
import { hashSecret } from '../../domain/secret-hash.js';
import type { ServiceDeps } from '../context.js';
import { findOpenLink, invalidLink, type LinkKind } from './tokens.js';
import { revokeOpenLinks } from './revocation.js';
import { enqueueEmail } from '../outbox.js';
import { auditEvent, auditRefusal, translateError } from '../run.js';
import { parseInput } from '../validate.js';
import { toUserDto, userTarget, type UserDto } from '../users/user-dto.js';

export const completeLinkInput = z.object({
  token: z.string({ error: 'The link has no token' }).min(1, 'The link has no token'),
  password: z.string({ error: 'Password is required' }),
});

/**
 * Uses an invitation or password link: checks the token and the password rules (a refused
 * password leaves the link usable), then in one transaction marks the link used (only if it
 * still is open: a second use fails), sets the password hash and writes the audit event.
 */
/** Where a link was used from: the visitor's address as the page saw it through TRUST_PROXY. */
export interface LinkVisit {
  clientAddress?: string;
}

async function completeLink(
  deps: ServiceDeps,
  kind: LinkKind,
  rawInput: unknown,
  visit: LinkVisit = {},
): Promise<UserDto> {
  const clientAddress = visit.clientAddress ?? null;
  const action = kind === 'invitation' ? 'invite.accept' : 'user.password-reset.complete';
  let target: ReturnType<typeof userTarget> | Record<string, never> = {};
  let accountId: string | null = null;
  try {
    const input = parseInput(completeLinkInput, rawInput);
    const link = await findOpenLink(deps, kind, input.token);
    if (!link) throw invalidLink();
    target = userTarget(link.user);
    accountId = link.user.account.id;
    const password = await checkPortalPassword(input.password, link.user);
    const passwordHash = await hashSecret(password);
    return await deps.orm.em.fork().transactional(async (em) => {
      const now = deps.clock.now();
      const user = await em.findOneOrFail(PortalUser, { id: link.user.id }, { populate: ['account', 'sites'] });
      const before = { state: user.state };
      const used =
        kind === 'invitation'
          ? await em.nativeUpdate(
              Invitation,
              { id: link.id, signupCompletedAt: null, revokedAt: null, expiresAt: { $gt: now } },
              { signupCompletedAt: now, userCreatedAt: now },
            )
          : await em.nativeUpdate(
              PasswordLink,
              { id: link.id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
              { usedAt: now },
            );
      if (used !== 1) throw invalidLink();
      if (kind === 'invitation') {
        if (user.state !== 'unconfirmed') throw invalidLink();
        await em.nativeUpdate(Invitation, { user, userCreatedAt: null }, { userCreatedAt: now });
        user.state = 'enabled';
      } else if (user.state !== 'enabled') {
        throw invalidLink();
      }
      await revokeOpenLinks(em, user, now);
      user.passwordHash = passwordHash;
      user.passwordChangedAt = now;
      if (kind === 'password') {
        enqueueEmail(em, {
          accountId: user.account.id,
          kind: 'password-changed',
          recipient: user.email,
          payload: { recipientName: user.name, accountName: user.account.name, changedAt: now.toISOString() },
          now,
        });
      }
      em.persist(
        auditEvent(
          {
            accountId: user.account.id,
            actorId: user.id,
            actorName: user.name,
            platform: 'web',
            clientAddress,
            action,
            outcome: 'success',
            ...userTarget(user),
            before,
            after: { state: user.state, passwordChanged: true },
          },
          now,
        ),
      );
      await em.flush();
      return toUserDto(user);
    });
  } catch (error) {
    const refusal = translateError(error);
    if (!refusal) throw error;
    const code = refusal.code;
    const safe =
      code === 'TOKEN.INVALID' || code.startsWith('PASSWORD.') || code === 'VALIDATION.INVALID'
        ? refusal
        : invalidLink();
    await auditRefusal(
      deps,
      { accountId, actorId: null, actorName: null, platform: 'web', clientAddress, action, ...target },
      safe,
    );
    throw safe;
  }
}

/** Signup: token and password; the user becomes enabled, with Signup Completed and User Created set. */
export const acceptInvitation = (deps: ServiceDeps, input: unknown, visit?: LinkVisit): Promise<UserDto> =>
  completeLink(deps, 'invitation', input, visit);

/** A new password from a reset (or setup) link; a notice goes to the user's email. */
export const completePasswordReset = (deps: ServiceDeps, input: unknown, visit?: LinkVisit): Promise<UserDto> =>
  completeLink(deps, 'password', input, visit);
