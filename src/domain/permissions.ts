import { z } from 'zod/v4';

export const INVOICE_LEVELS = ['hide', 'pay', 'view'] as const;
export const AREA_LEVELS = ['hide', 'manage', 'view'] as const;
export const SSO_LEVELS = ['off', 'full', 'read-only'] as const;
export const ROLE_PRESETS = ['admin', 'regular', 'read-only', 'support'] as const;

export type InvoiceLevel = (typeof INVOICE_LEVELS)[number];
export type AreaLevel = (typeof AREA_LEVELS)[number];
export type SsoLevel = (typeof SSO_LEVELS)[number];
export type RolePreset = (typeof ROLE_PRESETS)[number];
export type Role = RolePreset | 'custom';

/** The permissions of a portal user, as on the portal's Permissions form. */
export interface Permissions {
  administrator: boolean;
  accessAllSites: boolean;
  invoices: InvoiceLevel;
  orders: AreaLevel;
  services: AreaLevel;
  tickets: AreaLevel;
  fortinetSso: SsoLevel;
  merakiSso: SsoLevel;
  veloSso: SsoLevel;
}

export const permissionsSchema = z.object({
  administrator: z.boolean(),
  accessAllSites: z.boolean(),
  invoices: z.enum(INVOICE_LEVELS, { error: 'Invoices must be hide, pay or view' }),
  orders: z.enum(AREA_LEVELS, { error: 'Orders must be hide, manage or view' }),
  services: z.enum(AREA_LEVELS, { error: 'Services must be hide, manage or view' }),
  tickets: z.enum(AREA_LEVELS, { error: 'Tickets must be hide, manage or view' }),
  fortinetSso: z.enum(SSO_LEVELS, { error: 'Fortinet SSO must be off, full or read-only' }),
  merakiSso: z.enum(SSO_LEVELS, { error: 'Meraki SSO must be off, full or read-only' }),
  veloSso: z.enum(SSO_LEVELS, { error: 'Velo SSO must be off, full or read-only' }),
});

const noSso = { fortinetSso: 'off', merakiSso: 'off', veloSso: 'off' } as const;

/** The role presets of DESIGN.md; an Administrator has full access everywhere. */
export const ROLE_PERMISSIONS: Record<RolePreset, Permissions> = {
  admin: {
    administrator: true,
    accessAllSites: true,
    invoices: 'pay',
    orders: 'manage',
    services: 'manage',
    tickets: 'manage',
    ...noSso,
  },
  regular: {
    administrator: false,
    accessAllSites: true,
    invoices: 'view',
    orders: 'manage',
    services: 'manage',
    tickets: 'manage',
    ...noSso,
  },
  'read-only': {
    administrator: false,
    accessAllSites: true,
    invoices: 'view',
    orders: 'view',
    services: 'view',
    tickets: 'view',
    ...noSso,
  },
  support: {
    administrator: false,
    accessAllSites: true,
    invoices: 'hide',
    orders: 'hide',
    services: 'manage',
    tickets: 'manage',
    ...noSso,
  },
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  regular: 'Regular',
  'read-only': 'Read-Only',
  support: 'Support',
  custom: 'Custom',
};

const AREAS = ['invoices', 'orders', 'services', 'tickets'] as const;

/** The preset whose area levels a set of permissions has (site scope and SSO aside), or `custom`. */
export function roleOf(permissions: Permissions): Role {
  if (permissions.administrator) return 'admin';
  const match = ROLE_PRESETS.find(
    (preset) => preset !== 'admin' && AREAS.every((area) => ROLE_PERMISSIONS[preset][area] === permissions[area]),
  );
  return match ?? 'custom';
}

/** Permissions from a preset with explicit overrides on top. */
export function permissionsFor(role: RolePreset, overrides: Partial<Permissions> = {}): Permissions {
  return { ...ROLE_PERMISSIONS[role], ...overrides };
}
