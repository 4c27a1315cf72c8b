import type { OutboxStatus } from '../entities/outbox-message.js';
import type { UserState } from '../entities/portal-user.js';
import type { Permissions, Role, RolePreset } from '../permissions.js';

/** What the services return of portal users and invitations, as the replies (views/replies) show them. */

export interface SiteRef {
  id: string;
  name: string;
  accountNumber: string;
}

/** A portal user as the services return it: no password hash, ever. */
export interface UserDto {
  id: string;
  userId: string;
  label: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  phone: string | null;
  state: UserState;
  permissions: Permissions;
  role: Role;
  sites: SiteRef[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type InvitationStatus = 'pending' | 'expired' | 'revoked' | 'accepted';

export interface InvitationView {
  id: string;
  email: string;
  name: string;
  userId: string;
  role: RolePreset;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  status: InvitationStatus;
  signupCompleted: boolean;
  userCreated: boolean;
  /** Delivery of its email: pending, sending, sent, failed or cancelled. */
  emailStatus: OutboxStatus | null;
}
