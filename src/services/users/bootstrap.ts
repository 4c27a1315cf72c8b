import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { PasswordLink } from '../../domain/entities/password-link.js';
import { Account } from '../../domain/entities/account.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { ServiceError } from '../../domain/errors.js';
import { permissionsFor } from '../../domain/permissions.js';
import {
  emailKey,
  emailSchema,
  firstNameSchema,
  lastNameSchema,
  phoneSchema,
  userIdKey,
  userIdSchema,
} from '../../domain/user-fields.js';
import type { ServiceDeps } from '../context.js';
import { enqueueEmail } from '../outbox.js';
import { auditEvent } from '../run.js';
import { parseInput } from '../validate.js';
import { toUserDto, userSnapshot, userTarget, type UserDto } from './user-dto.js';

export const createAdministratorInput = z.object({
  account: z.string().trim().min(1, 'Give the account name').max(200),
  userId: userIdSchema,
  email: emailSchema,
  firstName: firstNameSchema,
  lastName: lastNameSchema,
  phone: phoneSchema.optional(),
  /** Queue a password-setup email (a link to choose a password), as `user add` does. */
  sendSetupEmail: z.boolean().default(false),
});

/** The new Administrator, and the password-setup email queued for them, if asked. */
export type CreatedAdministrator = UserDto & { accountCreated: boolean; setupEmail: { expiresAt: Date } | null };

/** A password-setup link and its email, as `user add` queues them; the mail worker sends it. */
function queueSetupEmail(
  em: EntityManager,
  deps: ServiceDeps,
  account: Account,
  user: PortalUser,
  now: Date,
): { expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + deps.settings.inviteTtlMs);
  const link = Object.assign(new PasswordLink(), {
    user,
    purpose: 'setup',
    requestedBy: null,
    createdAt: now,
    expiresAt,
  });
  em.persist(link);
  const payload = {
    passwordLinkId: link.id,
    recipientName: user.name,
    accountName: account.name,
    requestedByName: 'Your portal operator',
    expiresAt: expiresAt.toISOString(),
  };
  enqueueEmail(em, {
    accountId: account.id,
    kind: 'password-setup',
    recipient: user.email,
    subjectId: link.id,
    payload,
    now,
  });
  return { expiresAt: link.expiresAt };
}

/**
 * The operator's way in: creates the account if needed and an enabled Administrator in it.
 * Refuses a User ID or email already used in the account.
 */
export async function createAdministrator(deps: ServiceDeps, input: unknown): Promise<CreatedAdministrator> {
  const data = parseInput(createAdministratorInput, input);
  return deps.orm.em.fork().transactional(async (em) => {
    const now = deps.clock.now();
    let account = await em.findOne(Account, { name: data.account });
    const accountCreated = !account;
    if (!account) {
      account = Object.assign(new Account(), { name: data.account, createdAt: now });
      em.persist(account);
    } else {
      if (await em.findOne(PortalUser, { account, userIdKey: userIdKey(data.userId) })) {
        throw ServiceError.field(
          'USER.DUPLICATE_ID',
          'userId',
          `User ID ${data.userId} is already taken in ${account.name}; choose another.`,
        );
      }
      if (await em.findOne(PortalUser, { account, emailKey: emailKey(data.email) })) {
        throw ServiceError.field(
          'USER.DUPLICATE_EMAIL',
          'email',
          `${data.email} is already the email of a user in ${account.name}.`,
        );
      }
    }
    const user = Object.assign(new PortalUser(), {
      account,
      userId: data.userId,
      userIdKey: userIdKey(data.userId),
      label: data.userId,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      emailKey: emailKey(data.email),
      phone: data.phone ?? null,
      state: 'enabled',
      createdAt: now,
      updatedAt: now,
      ...permissionsFor('admin'),
    });
    em.persist(user);
    em.persist(
      auditEvent(
        {
          accountId: account.id,
          actorId: null,
          actorName: 'operator',
          platform: 'cli',
          action: 'admin.create',
          outcome: 'success',
          ...userTarget(user),
          after: userSnapshot(user),
        },
        now,
      ),
    );
    const setupEmail = data.sendSetupEmail ? queueSetupEmail(em, deps, account, user, now) : null;
    await em.flush();
    return { ...toUserDto(user), accountCreated, setupEmail };
  });
}
