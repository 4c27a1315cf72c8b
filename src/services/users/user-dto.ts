import type { PortalUser, UserState } from '../../domain/entities/portal-user.js';
import { roleOf, type Permissions, type Role } from '../../domain/permissions.js';

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

export function permissionsOf(user: PortalUser): Permissions {
  const { administrator, accessAllSites, invoices, orders, services, tickets, fortinetSso, merakiSso, veloSso } = user;
  return { administrator, accessAllSites, invoices, orders, services, tickets, fortinetSso, merakiSso, veloSso };
}

export function toUserDto(user: PortalUser): UserDto {
  const permissions = permissionsOf(user);
  return {
    id: user.id,
    userId: user.userId,
    label: user.label,
    firstName: user.firstName,
    lastName: user.lastName,
    name: user.name,
    email: user.email,
    phone: user.phone,
    state: user.state,
    permissions,
    role: roleOf(permissions),
    sites: user.sites.isInitialized()
      ? user.sites.getItems().map((s) => ({ id: s.id, name: s.name, accountNumber: s.accountNumber }))
      : [],
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
}

/** What the audit log keeps of a user before and after a change. */
export function userSnapshot(user: PortalUser): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...rest } = toUserDto(user);
  return { ...rest, sites: rest.sites.map((s) => s.accountNumber) };
}

export function userTarget(user: PortalUser) {
  return { targetType: 'user', targetId: user.id, targetName: user.userId };
}
