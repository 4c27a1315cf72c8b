import { z } from 'zod/v4';
import { permissionsSchema, ROLE_PRESETS } from '../permissions.js';
import {
  emailSchema,
  firstNameSchema,
  labelSchema,
  lastNameSchema,
  optionalFirstNameSchema,
  optionalLastNameSchema,
  phoneSchema,
  userIdSchema,
} from '../user-fields.js';

/**
 * The inputs of the user and invitation operations: what `user.add`, `user.edit`, ... take, and
 * what their forms (views/forms/user-forms.ts) validate a submission with.
 */

const siteRefs = z.array(z.string().trim().min(1, 'a site must be named by account number or name')).max(500);
const expectedVersion = z.number().int().positive().optional();
const roleSchema = z.enum(ROLE_PRESETS, { error: 'Role must be admin, regular, read-only or support' });
const userRef = z
  .string({ error: 'Give the user: a User ID or email' })
  .trim()
  .min(1, 'Give the user: a User ID or email');

export const addUserInput = z.object({
  userId: userIdSchema,
  label: labelSchema.optional(),
  firstName: firstNameSchema,
  lastName: lastNameSchema,
  email: emailSchema,
  phone: phoneSchema,
  role: roleSchema.default('read-only'),
  permissions: permissionsSchema.partial().optional(),
  sites: siteRefs.default([]),
  sendSetupEmail: z.boolean().default(true),
});

export const editUserInput = z.object({
  user: z.string().trim().min(1, 'Give the user: a User ID or email'),
  expectedVersion,
  userId: userIdSchema.optional(),
  label: labelSchema.optional(),
  firstName: firstNameSchema.optional(),
  lastName: lastNameSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
});

export const setPermissionsInput = z.object({
  user: z.string().trim().min(1, 'Give the user: a User ID or email'),
  expectedVersion,
  role: roleSchema.optional(),
  permissions: permissionsSchema.partial().optional(),
  sites: siteRefs.optional(),
});

/** One portal user, by User ID or email, optionally at the version a form showed. */
export const userRefInput = z.object({
  user: userRef,
  expectedVersion,
});

export const resetPasswordsInput = z.object({
  users: z
    .array(z.string().trim().min(1, 'Give each user as a User ID or email'), {
      error: 'Give the users to send reset links to',
    })
    .min(1, 'Give at least one user')
    .max(100, 'At most 100 users at a time'),
});

export const inviteInput = z.object({
  email: emailSchema,
  role: roleSchema.default('regular'),
  firstName: optionalFirstNameSchema,
  lastName: optionalLastNameSchema,
});
