import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Account } from '../../domain/entities/account.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { Site } from '../../domain/entities/site.js';
import { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sites a lookup may find voice users at: every site of the account, or these. */
export type VoiceReach = 'all' | Site[];

/** The account's voice users within reach, as a query condition. */
function within(account: Account, reach: VoiceReach): { account: Account; site?: { $in: string[] } } {
  return reach === 'all' ? { account } : { account, site: { $in: reach.map((site) => site.id) } };
}

/** `lower(column) = value`, on SQLite and PostgreSQL alike. */
function lowerEquals(where: ReturnType<typeof within>, column: string, value: string): FilterQuery<VoiceProfile> {
  return {
    ...where,
    [raw((alias: string) => `lower(${alias}.${column}) = ?`, [value.toLowerCase()])]: [],
  } as FilterQuery<VoiceProfile>;
}

function describe(profile: VoiceProfile): string {
  return `${profile.name} (${profile.phoneNumber ?? `ext ${profile.extension ?? '-'}`}, ${profile.site.name})`;
}

/** One match, or a refusal that lists the candidates (all within reach) so the actor can be precise. */
function one(matches: VoiceProfile[], ref: string, field: string): VoiceProfile | null {
  if (matches.length <= 1) return matches[0] ?? null;
  const list = matches.slice(0, 5).map(describe).join('; ');
  throw ServiceError.field(
    'VOICE.AMBIGUOUS',
    field,
    `"${ref}" matches ${matches.length} voice users: ${list}. Give the phone number instead.`,
  );
}

/** The same words whether the user does not exist or is out of reach: a refusal must not tell them apart. */
function notFound(account: Account, reach: VoiceReach, text: string, field: string): ServiceError {
  const where = reach === 'all' ? `in ${account.name}` : `at the sites you have access to in ${account.name}`;
  const hint = 'give a phone number, extension, name or email (see `voice users`)';
  return ServiceError.field('VOICE.NOT_FOUND', field, `No hosted-voice user "${text}" ${where}; ${hint}.`);
}

/**
 * Finds a voice user of the account, at the sites within reach only, by phone number (any
 * usual format), extension, portal User ID or email, voice email, name, or id. Phone numbers
 * are tried first, then the rest; a reference that matches several users is refused with the
 * list. Voice users out of reach are never matched, counted or named: for them the answer is
 * the one for a user that does not exist.
 */
export async function findVoiceProfile(
  em: EntityManager,
  account: Account,
  ref: string,
  reach: VoiceReach,
  field = 'user',
): Promise<VoiceProfile> {
  const text = ref.trim();
  const where = within(account, reach);
  const options = { populate: ['site', 'portalUser'] as const, orderBy: { name: 'asc' as const, id: 'asc' as const } };
  const found = await (async (): Promise<VoiceProfile | null> => {
    if (UUID.test(text)) return em.findOne(VoiceProfile, { ...where, id: text }, options);
    if (/^[0-9]{2,6}$/.test(text)) {
      return one(await em.find(VoiceProfile, { ...where, extension: text }, options), text, field);
    }
    const number = /[0-9]{3}/.test(text) ? parsePhoneNumberFromString(text, 'US') : undefined;
    if (number?.isValid()) {
      const byNumber = await em.findOne(VoiceProfile, { ...where, phoneNumber: number.number }, options);
      if (byNumber) return byNumber;
    }
    // A portal user's User ID first (it may contain @), then their email.
    for (const key of ['userIdKey', 'emailKey'] as const) {
      const portalUser = await em.findOne(PortalUser, { account, [key]: text.toLowerCase() });
      const byPortalUser = portalUser ? await em.findOne(VoiceProfile, { ...where, portalUser }, options) : null;
      if (byPortalUser) return byPortalUser;
    }
    if (text.includes('@')) {
      const byEmail = one(await em.find(VoiceProfile, lowerEquals(where, 'email', text), options), text, field);
      if (byEmail) return byEmail;
    }
    return one(await em.find(VoiceProfile, lowerEquals(where, 'name', text), options), text, field);
  })();
  if (!found) throw notFound(account, reach, text, field);
  return found;
}
