import type { EntityManager } from '@mikro-orm/core';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import type { Account } from '../../domain/entities/account.js';
import type { Site } from '../../domain/entities/site.js';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';
import { findVoiceProfile } from './lookup.js';

export type VoiceAccess = 'view' | 'manage';

/**
 * DESIGN.md, "Who may act": voice commands need Administrator, or Services Manage
 * (View for the read-only ones) with access to the voice user's site.
 */
export function requireVoicePermission(actor: PortalUser, level: VoiceAccess): void {
  if (actor.administrator) return;
  if (actor.services === 'manage' || (level === 'view' && actor.services === 'view')) return;
  const need = level === 'manage' ? 'Services Manage' : 'Services View or Manage';
  const have =
    actor.services === 'view'
      ? 'you have Services View, which lets you look but not change'
      : `your Services permission is ${actor.services}`;
  throw new ServiceError(
    'AUTH.FORBIDDEN',
    `${level === 'manage' ? 'Changing' : 'Seeing'} hosted-voice users needs ${need} (or Administrator) and access to the user's site; ${have}. Ask an Administrator of ${actor.account.name}.`,
  );
}

async function loadSites(em: EntityManager, actor: PortalUser): Promise<void> {
  if (!actor.sites.isInitialized()) await em.populate(actor, ['sites']);
}

/** The sites whose voice users the actor may see or change: `all`, or a list. */
export async function voiceSitesOf(em: EntityManager, actor: PortalUser, level: VoiceAccess): Promise<'all' | Site[]> {
  requireVoicePermission(actor, level);
  if (actor.administrator || actor.accessAllSites) return 'all';
  await loadSites(em, actor);
  return actor.sites.getItems();
}

/** Refuses unless the actor may act at this level on the voice users of this site. */
export async function requireVoiceAccess(
  em: EntityManager,
  actor: PortalUser,
  site: Site,
  level: VoiceAccess,
): Promise<void> {
  const sites = await voiceSitesOf(em, actor, level);
  if (sites === 'all' || sites.some((s) => s.id === site.id)) return;
  throw new ServiceError(
    'AUTH.FORBIDDEN',
    `You do not have access to site ${site.name} (${site.accountNumber}), where this voice user is; ask an Administrator to add the site to your access.`,
  );
}

/**
 * A voice user the actor may see (`view`) or change (`manage`). Found only among the sites
 * the actor may see, so a voice user elsewhere gets the same VOICE.NOT_FOUND as one that does
 * not exist. Someone who may not see voice users at all is refused before any lookup; someone
 * who may look but not change is refused after it (they can see the user anyway), once
 * `found` has named the user for the refusal's audit event.
 */
export async function findVoiceProfileFor(
  em: EntityManager,
  account: Account,
  actor: PortalUser,
  ref: string,
  level: VoiceAccess,
  found?: (profile: VoiceProfile) => void,
): Promise<VoiceProfile> {
  if (!actor.administrator && actor.services === 'hide') requireVoicePermission(actor, level);
  const profile = await findVoiceProfile(em, account, ref, await voiceSitesOf(em, actor, 'view'));
  found?.(profile);
  requireVoicePermission(actor, level);
  return profile;
}
