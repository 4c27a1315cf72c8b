import type { PortalUser } from '../../domain/entities/portal-user.js';
import type { SiteRef, UserDto } from '../../domain/dto/user-dto.js';
import { roleOf, type Permissions } from '../../domain/permissions.js';

export type { SiteRef, UserDto };

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
