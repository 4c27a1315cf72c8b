import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { z } from 'zod/v4';
import { containsText } from '../../db/text-search.js';
import type { Account } from '../../domain/entities/account.js';
import type { Site } from '../../domain/entities/site.js';
import { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { VoiceSite } from '../../domain/entities/voice-site.js';
import { ServiceError } from '../../domain/errors.js';
import type { Actor } from '../context.js';
import type { Page } from '../invitations/invitations.js';
import { runQuery } from '../run.js';
import { findSites } from '../users/lookup.js';
import { findVoiceProfileFor, requireVoiceAccess, voiceSitesOf, type VoiceAccess } from './access.js';
import type { VoiceServiceDeps } from './options.js';
import {
  loadCredential,
  loadE911,
  siteRef,
  toVoiceUserSummary,
  toVoiceUserDto,
  type VoiceSiteRef,
  type VoiceUserSummary,
  type VoiceUserDto,
} from './voice-dto.js';

export const voiceUserRefInput = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
});

export const listVoiceUsersInput = z.object({
  site: z.string().trim().min(1).max(200).optional(),
  search: z.string().trim().max(100, 'Search must be at most 100 characters').optional(),
  page: z.number().int().min(1, 'Page must be 1 or more').default(1),
  pageSize: z.number().int().min(1).max(100, 'Page size must be at most 100').default(20),
});

/**
 * A site by account number or name, or by its voice location's name or Line Id
 * (e.g. "Billy Fisher LITTLE RIVER 1", 618758), as the voice pages name them.
 */
export async function findVoiceSite(em: EntityManager, account: Account, ref: string, field = 'site'): Promise<Site> {
  try {
    const [site] = await findSites(em, account, [ref], field);
    return site!;
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'SITE.NOT_FOUND') throw error;
    const key = ref.trim().toLowerCase();
    const voiceSites = await em.find(VoiceSite, { account }, { populate: ['site'] });
    const match = voiceSites.find((v) => v.lineId === ref.trim() || v.name.toLowerCase() === key);
    if (match) return match.site;
    throw error;
  }
}

/**
 * Plain-text search (no LIKE wildcards), case ignored, over name, directory names,
 * extension, number and email. A search of only digits and phone punctuation is
 * matched by its digits, so "703-935-1814" finds +17039351814.
 */
function searchCondition(em: EntityManager, search: string): FilterQuery<VoiceProfile> {
  const digits = search.replace(/[^0-9]/g, '');
  const text = /^[0-9\s().+-]+$/.test(search) && digits !== '' ? digits : search.toLowerCase();
  const haystack = (a: string) =>
    `lower(${a}.name || ' ' || ${a}.directory_first_name || ' ' || ${a}.directory_last_name || ' ' || coalesce(${a}.extension, '') || ' ' || coalesce(${a}.phone_number, '') || ' ' || coalesce(${a}.email, ''))`;
  return containsText<VoiceProfile>(em, haystack, text);
}

/** Voice users of one site or of every site the actor may see, paged, optionally searched. */
export async function listVoiceUsers(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown = {},
): Promise<Page<VoiceUserSummary>> {
  return runQuery(
    deps,
    actor,
    {
      action: 'voice.list',
      schema: listVoiceUsersInput,
      async run(data, { em, account, actor: actorUser }) {
        const where: FilterQuery<VoiceProfile> = { account };
        if (data.site) {
          const site = await findVoiceSite(em, account, data.site);
          await requireVoiceAccess(em, actorUser, site, 'view');
          where.site = site;
        } else {
          const sites = await voiceSitesOf(em, actorUser, 'view');
          if (sites !== 'all') where.site = { $in: sites.map((s) => s.id) };
        }
        if (data.search) Object.assign(where, searchCondition(em, data.search));
        const [profiles, total] = await em.findAndCount(VoiceProfile, where, {
          populate: ['site'],
          orderBy: { name: 'asc', id: 'asc' },
          limit: data.pageSize,
          offset: (data.page - 1) * data.pageSize,
        });
        return { items: profiles.map(toVoiceUserSummary), total, page: data.page, pageSize: data.pageSize };
      },
    },
    input,
  );
}

/**
 * One voice user in full: details, E911 address, whether a PIN and password are set, services.
 * With `level: 'manage'` (a form to change them) it is refused at once to someone who may
 * only look, so nobody fills a form that cannot be saved.
 */
export async function showVoiceUser(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown,
  level: VoiceAccess = 'view',
  action = 'voice.show',
): Promise<VoiceUserDto> {
  return runQuery(
    deps,
    actor,
    {
      action,
      schema: voiceUserRefInput,
      async run(data, { em, account, actor: actorUser, now }) {
        const profile = await findVoiceProfileFor(em, account, actorUser, data.user, level);
        return toVoiceUserDto(profile, await loadCredential(em, profile), await loadE911(em, profile), now);
      },
    },
    input,
  );
}

export interface VoiceSiteView {
  id: string;
  /** The location's name on the voice platform. */
  name: string;
  platform: string;
  lineId: string;
  site: VoiceSiteRef;
  voiceUsers: number;
}

/** The sites with hosted-voice service that the actor may see, as on the Unified Communications page. */
export async function listVoiceSites(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown = {},
): Promise<VoiceSiteView[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'voice.sites',
      schema: z.object({}),
      async run(_data, { em, account, actor: actorUser }) {
        const sites = await voiceSitesOf(em, actorUser, 'view');
        const where: FilterQuery<VoiceSite> = { account };
        if (sites !== 'all') where.site = { $in: sites.map((s) => s.id) };
        const voiceSites = await em.find(VoiceSite, where, { populate: ['site'], orderBy: { name: 'asc', id: 'asc' } });
        const counts = new Map<string, number>();
        for (const profile of await em.find(
          VoiceProfile,
          { account, site: { $in: voiceSites.map((v) => v.site.id) } },
          { fields: ['site'] },
        )) {
          counts.set(profile.site.id, (counts.get(profile.site.id) ?? 0) + 1);
        }
        return voiceSites.map((v) => ({
          id: v.id,
          name: v.name,
          platform: v.platform,
          lineId: v.lineId,
          site: siteRef(v.site),
          voiceUsers: counts.get(v.site.id) ?? 0,
        }));
      },
    },
    input,
  );
}
