import { z } from 'zod/v4';
import { AREA_LEVELS, INVOICE_LEVELS, ROLE_LABELS, ROLE_PRESETS, SSO_LEVELS } from '../../src/domain/permissions.js';
import {
  addUserInput,
  editUserInput,
  inviteInput,
  resetPasswordsInput,
  setPermissionsInput,
} from '../../src/domain/inputs/user-inputs.js';
import type { Choice, FieldDefinition, FormDefinition } from '../form.js';

const text = (id: string, label: string, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  id,
  label,
  kind: 'text',
  required: true,
  maxLength: 100,
  ...extra,
});

const roleChoices: Choice[] = ROLE_PRESETS.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const levelLabel = (level: string) =>
  level === 'read-only' ? 'Read-only' : level === 'off' ? 'Off' : level[0]!.toUpperCase() + level.slice(1);
const levels = (values: readonly string[]): Choice[] => values.map((value) => ({ value, label: levelLabel(value) }));

const userIdField = text('userId', 'User ID', { maxLength: 64, hint: '3-64 letters, digits and . _ @ + -' });
const labelField = text('label', 'User Label', { hint: 'What the portal lists as their User ID' });
const emailField: FieldDefinition = { id: 'email', label: 'Email', kind: 'email', required: true, maxLength: 254 };
const phoneField: FieldDefinition = {
  id: 'phone',
  label: 'Phone',
  kind: 'phone',
  required: true,
  maxLength: 32,
  hint: 'With the country code, e.g. +1 703 555 0100',
};
const roleField: FieldDefinition = { id: 'role', label: 'Role', kind: 'select', required: true, choices: roleChoices };
const sitesField: FieldDefinition = {
  id: 'sites',
  label: 'Sites',
  kind: 'multiselect',
  required: false,
  choicesFrom: 'sites',
  hint: 'Leave empty to give access to all sites',
};

/** Each area's level, as the permissions form asks it (and `user add`, where empty is the role's). */
const AREAS: { id: string; label: string; choices: Choice[] }[] = [
  { id: 'invoices', label: 'Invoices', choices: levels(INVOICE_LEVELS) },
  { id: 'orders', label: 'Orders', choices: levels(AREA_LEVELS) },
  { id: 'services', label: 'Services', choices: levels(AREA_LEVELS) },
  { id: 'tickets', label: 'Tickets', choices: levels(AREA_LEVELS) },
  { id: 'fortinetSso', label: 'Fortinet SSO', choices: levels(SSO_LEVELS) },
  { id: 'merakiSso', label: 'Meraki SSO', choices: levels(SSO_LEVELS) },
  { id: 'veloSso', label: 'Velo SSO', choices: levels(SSO_LEVELS) },
];
const areaFields = (required: boolean, hint?: string): FieldDefinition[] =>
  AREAS.map((area) => ({ ...area, kind: 'select', required, ...(hint ? { hint } : {}) }));

/** Submissions carry strings: empty text means "not given". */
const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
function cleaned(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, blankToUndefined(value)]));
}
const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/** The areas given a level in `user add` (over the role's), or undefined when none was. */
function chosenLevels(values: Record<string, unknown>): Record<string, unknown> | undefined {
  const chosen = AREAS.filter((area) => values[area.id] !== undefined);
  return chosen.length > 0 ? Object.fromEntries(chosen.map((area) => [area.id, values[area.id]])) : undefined;
}

export const addUserForm: FormDefinition = {
  id: 'user-add',
  title: 'Add portal user',
  submitLabel: 'Add user',
  intro:
    'The user is created enabled, with the permissions of their role; choose a level for an area to set it otherwise. ' +
    'With "Send password setup email" they get a link to set their own password.',
  fields: [
    userIdField,
    labelField,
    text('firstName', 'First Name'),
    text('lastName', 'Last Name'),
    emailField,
    phoneField,
    roleField,
    ...areaFields(false, "Leave empty for the role's level"),
    sitesField,
    { id: 'sendSetupEmail', label: 'Send password setup email', kind: 'checkbox', required: false },
  ],
  schema: z.preprocess((raw) => {
    const v = cleaned(raw as Record<string, unknown>);
    const sendSetupEmail = v.sendSetupEmail === true || v.sendSetupEmail === 'true';
    return { ...v, permissions: chosenLevels(v), sites: asList(v.sites), sendSetupEmail };
  }, addUserInput),
};

export const editUserForm: FormDefinition = {
  id: 'user-edit',
  title: 'Edit portal user',
  submitLabel: 'Save',
  fields: [
    userIdField,
    labelField,
    text('firstName', 'First Name'),
    text('lastName', 'Last Name'),
    emailField,
    phoneField,
  ],
  schema: z.preprocess((raw) => cleaned(raw as Record<string, unknown>), editUserInput),
};

export const permissionsForm: FormDefinition = {
  id: 'user-permissions',
  title: 'Permissions',
  submitLabel: 'Save',
  intro: 'Administrator grants full access to the portal, including managing users.',
  fields: [
    { id: 'administrator', label: 'Administrator', kind: 'checkbox', required: false },
    { id: 'accessAllSites', label: 'Access All Sites', kind: 'checkbox', required: false },
    sitesField,
    ...areaFields(true),
  ],
  schema: z.preprocess((raw) => {
    const v = raw as Record<string, unknown>;
    const flag = (key: string) => v[key] === true || v[key] === 'true';
    const pick = (key: string) => blankToUndefined(v[key]);
    return {
      user: v.user,
      expectedVersion: v.expectedVersion,
      permissions: {
        administrator: flag('administrator'),
        accessAllSites: flag('accessAllSites'),
        invoices: pick('invoices'),
        orders: pick('orders'),
        services: pick('services'),
        tickets: pick('tickets'),
        fortinetSso: pick('fortinetSso'),
        merakiSso: pick('merakiSso'),
        veloSso: pick('veloSso'),
      },
      sites: asList(v.sites),
    };
  }, setPermissionsInput),
};

export const inviteForm: FormDefinition = {
  id: 'invite',
  title: 'Invite a user',
  submitLabel: 'Invite',
  intro: 'They get an email with a link to set their password; until then they are unconfirmed.',
  fields: [
    emailField,
    text('firstName', 'First Name', { required: false }),
    text('lastName', 'Last Name', { required: false }),
    roleField,
  ],
  schema: z.preprocess((raw) => cleaned(raw as Record<string, unknown>), inviteInput),
};

export const resetPasswordForm: FormDefinition = {
  id: 'user-reset-password',
  title: 'Reset passwords',
  submitLabel: 'Send links',
  intro: 'Each user gets an email with a link to set a new password.',
  fields: [{ id: 'users', label: 'Users', kind: 'multiselect', required: true, choicesFrom: 'users' }],
  schema: z.preprocess((raw) => ({ users: asList((raw as Record<string, unknown>).users) }), resetPasswordsInput),
};

export const USER_FORMS = [addUserForm, editUserForm, permissionsForm, inviteForm, resetPasswordForm];
