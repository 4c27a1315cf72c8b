import type { EntityManager } from '@mikro-orm/core';
import { z } from 'zod/v4';
import type { Account } from '../../domain/entities/account.js';
import { Invitation } from '../../domain/entities/invitation.js';
import type { InvitationStatus, InvitationView } from '../../domain/dto/user-dto.js';
import type { Page } from '../../domain/dto/page.js';
import { OutboxMessage, type OutboxStatus } from '../../domain/entities/outbox-message.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { inviteInput, userRefInput } from '../../domain/inputs/user-inputs.js';
import { permissionsFor, type RolePreset } from '../../domain/permissions.js';
import { emailKey, userIdKey } from '../../domain/user-fields.js';
import type { Actor, ChangeResult, ChangeScope, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { requireAdministrator } from '../authorize.js';
import { revokeOpenLinks } from '../links/revocation.js';
import { cancelPendingEmails, enqueueEmail } from '../outbox.js';
import { runOperation, runQuery } from '../run.js';
import { findUser, requireFreeEmail, requireState } from '../users/lookup.js';
import { userSnapshot, userTarget } from '../users/user-dto.js';

export { inviteInput };
export type { InvitationStatus, InvitationView, Page };

export const listInvitationsInput = z.object({
  filter: z.enum(['pending', 'all'], { error: 'Show pending or all invitations' }).default('pending'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export function invitationStatus(invitation: Invitation, now: Date): InvitationStatus {
  if (invitation.signupCompletedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}

/** A free User ID for an invitee: the email itself when it fits, else its name part with a number. */
async function userIdForInvitee(em: EntityManager, account: Account, email: string): Promise<string> {
  const local =
    email
      .split('@')[0]!
      .replace(/[^A-Za-z0-9._+-]/g, '')
      .slice(0, 56) || 'user';
  const candidates = [email, ...Array.from({ length: 50 }, (_, i) => (i === 0 ? local : `${local}-${i + 1}`))];
  for (const candidate of candidates) {
    if (candidate.length < 3 || candidate.length > 64 || !/^[A-Za-z0-9._@+-]+$/.test(candidate)) continue;
    if (!(await em.findOne(PortalUser, { account, userIdKey: userIdKey(candidate) }))) return candidate;
  }
  return `${local.slice(0, 40)}-${Date.now().toString(36)}`;
}

/** A new invitation for an unconfirmed user, and its email to the user's address, in the change's transaction. */
export function sendInvitation(scope: ChangeScope, user: PortalUser, role: RolePreset): Invitation {
  const { em, account, now, deps } = scope;
  const invitation = new Invitation();
  Object.assign(invitation, {
    account,
    user,
    email: user.email,
    role,
    invitedBy: scope.actor,
    createdAt: now,
    expiresAt: new Date(now.getTime() + deps.settings.inviteTtlMs),
  });
  em.persist(invitation);
  enqueueEmail(em, {
    accountId: account.id,
    kind: 'invitation',
    recipient: user.email,
    subjectId: invitation.id,
    payload: {
      invitationId: invitation.id,
      recipientName: user.name,
      accountName: account.name,
      invitedByName: scope.actor.name,
      role,
      expiresAt: invitation.expiresAt.toISOString(),
    },
    now,
  });
  return invitation;
}

/** Invites by email: an unconfirmed user with the role's permissions, and an invitation email. */
export const inviteUserOperation = defineOperation({
  name: 'invite.create',
  label: 'Invite user',
  input: inviteInput,
  approval: { rules: ['administrators'] },
  async run(data, scope): Promise<ChangeResult<InvitationView>> {
    const { em, account, now } = scope;
    scope.target = { targetType: 'user', targetId: data.email, targetName: data.email };
    requireAdministrator(scope.actor, 'invite users');
    await requireFreeEmail(em, account, data.email);
    const user = new PortalUser();
    const userId = await userIdForInvitee(em, account, data.email);
    Object.assign(user, {
      account,
      userId,
      userIdKey: userIdKey(userId),
      label: [data.firstName, data.lastName].filter(Boolean).join(' ') || data.email,
      firstName: data.firstName,
      lastName: data.lastName,
      email: data.email,
      emailKey: emailKey(data.email),
      state: 'unconfirmed',
      createdAt: now,
      updatedAt: now,
      ...permissionsFor(data.role),
    });
    em.persist(user);
    scope.target = userTarget(user);
    const invitation = sendInvitation(scope, user, data.role);
    await em.flush();
    return {
      result: toInvitationView(invitation, now, 'pending'),
      before: null,
      after: { ...userSnapshot(user), invitationId: invitation.id, expiresAt: invitation.expiresAt },
    };
  },
});

/** A new invitation to an unconfirmed user; the earlier links stop working. */
export const reinviteUserOperation = defineOperation({
  name: 'invite.resend',
  label: 'Reinvite user',
  input: userRefInput,
  approval: { rules: ['administrators'], heldWhenTargetIsAdministrator: 'reinviting an Administrator' },
  async run(data, scope): Promise<ChangeResult<InvitationView>> {
    const { em, account, now } = scope;
    requireAdministrator(scope.actor, 'invite users');
    const user = await findUser(em, account, data.user);
    scope.target = userTarget(user);
    requireState(
      user,
      ['unconfirmed'],
      'reinvited',
      'Only users who have not accepted their invitation can be reinvited; ' +
        'send an enabled user `user reset-password` instead.',
    );
    const last = await em.findOne(Invitation, { user }, { orderBy: { createdAt: 'desc' } });
    const revoked = await revokeOpenLinks(em, user, now, 'invitations');
    const invitation = sendInvitation(scope, user, last?.role ?? 'regular');
    await em.flush();
    return {
      result: toInvitationView(invitation, now, 'pending'),
      before: { revokedInvitations: revoked },
      after: { invitationId: invitation.id, expiresAt: invitation.expiresAt },
    };
  },
});

/** Deletes an unconfirmed user; the invitation stops working. */
/** A cancelled invitation: whose, and how many links stopped working. */
export interface CancelledInvitation {
  userId: string;
  email: string;
  revoked: number;
}

export const cancelInvitationOperation = defineOperation({
  name: 'invite.cancel',
  label: 'Cancel invitation',
  input: userRefInput,
  approval: { rules: [] },
  async run(data, scope): Promise<ChangeResult<CancelledInvitation>> {
    const { em, account, now } = scope;
    requireAdministrator(scope.actor, 'cancel invitations');
    const user = await findUser(em, account, data.user);
    scope.target = userTarget(user);
    requireState(
      user,
      ['unconfirmed'],
      'cancelled as an invitation',
      'Use `user delete` for users who have signed up.',
    );
    const before = userSnapshot(user);
    const revoked = await revokeOpenLinks(em, user, now);
    await cancelPendingEmails(
      em,
      (await em.find(Invitation, { user })).map((i) => i.id),
    );
    Object.assign(user, { state: 'deleted', deletedAt: now, emailKey: null });
    await em.flush();
    return { result: { userId: user.userId, email: user.email, revoked }, before, after: userSnapshot(user) };
  },
});

/** Invites at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const inviteUser = (deps: ServiceDeps, actor: Actor, input: z.input<typeof inviteInput>) =>
  runOperation(deps, actor, inviteUserOperation, input);
/** Reinvites at once, ungated. */
export const reinviteUser = (deps: ServiceDeps, actor: Actor, input: z.input<typeof userRefInput>) =>
  runOperation(deps, actor, reinviteUserOperation, input);
/** Cancels an invitation at once, ungated. */
export const cancelInvitation = (deps: ServiceDeps, actor: Actor, input: z.input<typeof userRefInput>) =>
  runOperation(deps, actor, cancelInvitationOperation, input);

function toInvitationView(invitation: Invitation, now: Date, emailStatus: OutboxStatus | null): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    name: invitation.user.name,
    userId: invitation.user.userId,
    role: invitation.role,
    invitedBy: invitation.invitedBy?.name ?? null,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: invitationStatus(invitation, now),
    signupCompleted: invitation.signupCompletedAt !== null,
    userCreated: invitation.userCreatedAt !== null,
    emailStatus,
  };
}

/** Invitations, newest first, with Signup Completed, User Created and the email's delivery status. */
export async function listInvitations(
  deps: ServiceDeps,
  actor: Actor,
  input: unknown = {},
): Promise<Page<InvitationView>> {
  return runQuery(
    deps,
    actor,
    {
      action: 'invite.list',
      schema: listInvitationsInput,
      async run(data, { em, account, actor: actorUser, now }) {
        requireAdministrator(actorUser, 'see invitations');
        const where =
          data.filter === 'pending'
            ? { account, signupCompletedAt: null, revokedAt: null, expiresAt: { $gt: now } }
            : { account };
        const [rows, total] = await em.findAndCount(Invitation, where, {
          populate: ['user', 'invitedBy'],
          orderBy: { createdAt: 'desc', id: 'asc' },
          limit: data.pageSize,
          offset: (data.page - 1) * data.pageSize,
        });
        const messages = await em.find(OutboxMessage, { subjectId: { $in: rows.map((r) => r.id) } });
        const statusOf = new Map(messages.map((m) => [m.subjectId, m.status]));
        return {
          items: rows.map((row) => toInvitationView(row, now, statusOf.get(row.id) ?? null)),
          total,
          page: data.page,
          pageSize: data.pageSize,
        };
      },
    },
    input,
  );
}
