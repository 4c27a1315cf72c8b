import type { EntityManager } from '@mikro-orm/core';
import { Grant } from '../../domain/entities/grant.js';
import { GRANT_FIELDS, type GrantField } from '../../domain/grant-permissions.js';
import { roleOf, type Permissions, type RolePreset } from '../../domain/permissions.js';

/**
 * The areas a permission change sets on purpose: every one when it applies a role the user does
 * not have now (a role gives each area its level), else those whose level it changes. A change
 * that restates the level a running grant gave (the permissions form sends every area as shown;
 * an export taken during a grant, imported back, holds the granted levels and the role they make)
 * sets nothing, so the grant still ends: a temporary level, Administrator among them, never
 * becomes permanent by being written back.
 */
export function areasSet(role: RolePreset | undefined, before: Permissions, after: Permissions): GrantField[] {
  const roleApplied = role !== undefined && role !== roleOf(before);
  return GRANT_FIELDS.filter((field) => roleApplied || before[field] !== after[field]);
}

/**
 * Someone set these areas of a user on purpose while grants of them run: each such grant records
 * who and when, inside the caller's transaction, so that its end leaves the area as they set it
 * (even at the level the grant gave) and says so. A grant that ends meanwhile is left as it ended
 * (the conditional update on its version finds it no longer active).
 */
export async function settleGrantsOf(
  em: EntityManager,
  user: { id: string },
  areas: readonly GrantField[],
  by: { name: string },
  now: Date,
): Promise<void> {
  if (areas.length === 0) return;
  const running = await em.find(
    Grant,
    { user: user.id, state: 'active', field: { $in: [...areas] }, changedAt: null },
    // Read outside the identity map: the caller's entities never hold a version this update moved on.
    { fields: ['id', 'version'], disableIdentityMap: true },
  );
  for (const grant of running) {
    await em.nativeUpdate(
      Grant,
      { id: grant.id, state: 'active', version: grant.version },
      { changedBy: by.name, changedAt: now, version: grant.version + 1 },
    );
  }
}
