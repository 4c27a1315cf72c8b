import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Account } from '../../domain/entities/account.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `lower(column) = value`, on SQLite and PostgreSQL alike. */
function lowerEquals(account: Account, column: string, value: string): FilterQuery<VoiceProfile> {
  return { account, [raw((alias: string) => `lower(${alias}.${column}) = ?`, [value.toLowerCase()])]: [] } as FilterQuery<VoiceProfile>;
}

function describe(profile: VoiceProfile): string {
  return `${profile.name} (${profile.phoneNumber ?? `ext ${profile.extension ?? '-'}`}, ${profile.site.name})`;
}

/** One match, or a refusal that lists the candidates so the admin can be precise. */
function one(matches: VoiceProfile[], ref: string, field: string): VoiceProfile | null {
  if (matches.length <= 1) return matches[0] ?? null;
  const list = matches.slice(0, 5).map(describe).join('; ');
  throw ServiceError.field('VOICE.AMBIGUOUS', field, `"${ref}" matches ${matches.length} voice users: ${list}. Give the phone number instead.`);
}

/**
 * Finds a voice user of the account by phone number (any usual format), extension,
 * portal User ID or email, voice email, name, or id. Phone numbers are tried first,
 * then the rest; a reference that matches several users is refused with the list.
 */
export async function findVoiceProfile(em: EntityManager, account: Account, ref: string, field = 'user'): Promise<VoiceProfile> {
  const text = ref.trim();
  const options = { populate: ['site', 'portalUser'] as const, orderBy: { name: 'asc' as const, id: 'asc' as const } };
  const found = await (async (): Promise<VoiceProfile | null> => {
    if (UUID.test(text)) return em.findOne(VoiceProfile, { account, id: text }, options);
    if (/^[0-9]{2,6}$/.test(text)) {
      return one(await em.find(VoiceProfile, { account, extension: text }, options), text, field);
    }
    const number = /[0-9]{3}/.test(text) ? parsePhoneNumberFromString(text, 'US') : undefined;
    if (number?.isValid()) {
      const byNumber = await em.findOne(VoiceProfile, { account, phoneNumber: number.number }, options);
      if (byNumber) return byNumber;
    }
    // A portal user's User ID first (it may contain @), then their email.
    for (const key of ['userIdKey', 'emailKey'] as const) {
      const portalUser = await em.findOne(PortalUser, { account, [key]: text.toLowerCase() });
      const byPortalUser = portalUser ? await em.findOne(VoiceProfile, { account, portalUser }, options) : null;
      if (byPortalUser) return byPortalUser;
    }
    if (text.includes('@')) {
      const byEmail = one(await em.find(VoiceProfile, lowerEquals(account, 'email', text), options), text, field);
      if (byEmail) return byEmail;
    }
    return one(await em.find(VoiceProfile, lowerEquals(account, 'name', text), options), text, field);
  })();
  if (!found) {
    throw ServiceError.field('VOICE.NOT_FOUND', field, `No hosted-voice user "${text}" in ${account.name}; give a phone number, extension, name or email (see \`voice users\`).`);
  }
  return found;
}
