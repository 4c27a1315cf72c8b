import type { Permissions } from './permissions.js';

/**
 * The permissions a time-boxed grant (or an access review) is about, written `<area>:<level>`:
 * `admin`, `invoices:pay|view`, `orders:manage|view`, `services:manage|view`,
 * `tickets:manage|view`, `fortinet:full|read-only`, `meraki:full|read-only`, `velo:full|read-only`.
 * Each is one field of the portal user's permissions raised to a level.
 */

export type GrantField = Exclude<keyof Permissions, 'accessAllSites'>;

interface Area {
  field: GrantField;
  /** The field's values from none to most; a grant names one above the first. */
  levels: readonly (string | boolean)[];
}

const AREAS: Record<string, Area> = {
  admin: { field: 'administrator', levels: [false, true] },
  invoices: { field: 'invoices', levels: ['hide', 'view', 'pay'] },
  orders: { field: 'orders', levels: ['hide', 'view', 'manage'] },
  services: { field: 'services', levels: ['hide', 'view', 'manage'] },
  tickets: { field: 'tickets', levels: ['hide', 'view', 'manage'] },
  fortinet: { field: 'fortinetSso', levels: ['off', 'read-only', 'full'] },
  meraki: { field: 'merakiSso', levels: ['off', 'read-only', 'full'] },
  velo: { field: 'veloSso', levels: ['off', 'read-only', 'full'] },
};

/** A permission as a grant raises it: the field, the value it gets, and how it is written. */
export interface GrantPermission {
  text: string;
  field: GrantField;
  value: string | boolean;
}

const writtenAs = (area: string, value: string | boolean) => (typeof value === 'boolean' ? area : `${area}:${value}`);

/** Every permission a grant can name, as written, most common areas first. */
export const GRANT_PERMISSIONS: readonly string[] = Object.entries(AREAS).flatMap(([area, { levels }]) =>
  levels.slice(1).map((level) => writtenAs(area, level)),
);

/** Every permission field a grant can raise. */
export const GRANT_FIELDS: readonly GrantField[] = Object.values(AREAS).map((area) => area.field);

const areaOfField = (field: GrantField) => Object.entries(AREAS).find(([, a]) => a.field === field)!;

/** The permission `text` names, or the one-line reason it names none (with what would be right). */
export function parseGrantPermission(text: string): GrantPermission | string {
  const written = text.trim().toLowerCase();
  const [name = '', level, ...rest] = written.split(':');
  const area = AREAS[name];
  const known = `${GRANT_PERMISSIONS.join(', ')}`;
  if (!area || rest.length > 0) return `"${text.trim()}" is not a permission; give one of ${known}`;
  if (area.field === 'administrator') {
    return level === undefined
      ? { text: 'admin', field: 'administrator', value: true }
      : `Write admin alone, not "${text.trim()}"`;
  }
  const levels = area.levels.slice(1) as string[];
  if (level === undefined || !levels.includes(level)) {
    return `Give ${name} a level: ${levels.map((l) => `${name}:${l}`).join(' or ')}`;
  }
  return { text: `${name}:${level}`, field: area.field, value: level };
}

/** How far a value of a field reaches: 0 for none, higher for more. */
export function levelRank(field: GrantField, value: unknown): number {
  return areaOfField(field)[1].levels.indexOf(value as string | boolean);
}

/** Whether permissions already give at least what the grant names. */
export function holdsPermission(permissions: Permissions, permission: GrantPermission): boolean {
  return levelRank(permission.field, permissions[permission.field]) >= levelRank(permission.field, permission.value);
}

/** How a field's current value is written, e.g. `orders:view`, `orders:hide`, `admin:no`. */
export function currentPermissionText(permissions: Permissions, field: GrantField): string {
  const [area] = areaOfField(field);
  const value = permissions[field];
  return typeof value === 'boolean' ? (value ? 'admin' : 'not admin') : `${area}:${value}`;
}

/** The permissions a user does not hold yet: what they could ask for. */
export function permissionsToAsk(permissions: Permissions): string[] {
  return GRANT_PERMISSIONS.filter((text) => {
    const parsed = parseGrantPermission(text) as GrantPermission;
    return !holdsPermission(permissions, parsed);
  });
}

/** The values of a field that reach at least the permission's level (`invoices:view`: view and pay). */
export function valuesAtLeast(permission: GrantPermission): (string | boolean)[] {
  const { levels } = areaOfField(permission.field)[1];
  return levels.slice(levels.indexOf(permission.value));
}
