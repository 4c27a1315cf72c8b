import { valuesAtLeast, type GrantPermission } from './grant-permissions.js';

/**
 * What an access review asks about a permission, written as grants write it (`admin`,
 * `invoices:pay`, `orders:view`, `fortinet:read-only`; see grant-permissions.ts).
 *
 * Who holds it: every portal user of the account who is not deleted (enabled, disabled or
 * still unconfirmed: each can use the access, or be given it back by being enabled) and whose
 * field is at the level named or above. `admin`: the Administrators. A top level (`pay`,
 * `manage`, `full`): exactly that level. A lower level (`view`, `read-only`): that level and
 * every level above it, since `orders:manage` includes what `orders:view` gives.
 */
export function holderValues(permission: GrantPermission): (string | boolean)[] {
  return valuesAtLeast(permission);
}

/**
 * What a revoke leaves a holder with: the permission removed, i.e. the field set just below the
 * level reviewed. `admin` → Administrator off (the user's area levels stay as they are);
 * `invoices:pay`, `<area>:manage` → view; `<area>:view` → hide; `<sso>:full` and
 * `<sso>:read-only` → off (an SSO is on or off: read-only is not a kept part of full).
 */
export function revokedValue(permission: GrantPermission): string | boolean {
  const { field, value } = permission;
  if (field === 'administrator') return false;
  if (field === 'fortinetSso' || field === 'merakiSso' || field === 'veloSso') return 'off';
  return value === 'view' ? 'hide' : 'view';
}

/** A stored permission value (text) as the user entity holds it (`administrator` is a boolean). */
export function fieldValueOf(field: string, text: string): string | boolean {
  return field === 'administrator' ? text === 'true' : text;
}
