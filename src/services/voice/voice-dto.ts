import type { EntityManager } from '@mikro-orm/core';
import { VoiceCredential } from '../../domain/entities/voice-credential.js';
import { VoiceE911Address } from '../../domain/entities/voice-e911-address.js';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import type { Site } from '../../domain/entities/site.js';
import { E911_FIELDS, formatAddressLines, type E911Address } from '../../domain/voice/e911-address.js';
import { timeZoneLabel } from '../../domain/voice/voice-fields.js';
import type { AuditTarget } from '../context.js';
import type {
  E911Dto,
  SecretStatus,
  VoiceSiteRef,
  VoiceUserDto,
  VoiceUserServices,
  VoiceUserSummary,
} from '../../domain/dto/voice-dto.js';

export type { E911Dto, SecretStatus, VoiceSiteRef, VoiceUserDto, VoiceUserServices, VoiceUserSummary };

export const siteRef = (site: Site): VoiceSiteRef => ({
  id: site.id,
  name: site.name,
  accountNumber: site.accountNumber,
});

export function toVoiceUserSummary(profile: VoiceProfile): VoiceUserSummary {
  return {
    id: profile.id,
    name: profile.name,
    directoryFirstName: profile.directoryFirstName,
    directoryLastName: profile.directoryLastName,
    extension: profile.extension,
    phoneNumber: profile.phoneNumber,
    email: profile.email,
    callingPlan: profile.callingPlan,
    site: siteRef(profile.site),
  };
}

export function servicesOf(profile: VoiceProfile): VoiceUserServices {
  return {
    zeroOut: { enabled: profile.zeroOutEnabled, phoneNumber: profile.zeroOutNumber },
    callRecording: profile.callRecording,
    fax: profile.fax,
    transcription: profile.voicemailTranscription,
    audioConferencing: {
      enabled: profile.audioConferencing,
      conferenceId: profile.conferenceId,
      bridgeName: profile.bridgeName,
      bridgeNumber: profile.bridgeNumber,
    },
    emailCopies: { enabled: profile.emailCopiesEnabled, addresses: [...profile.emailCopyAddresses] },
  };
}

/** The address fields alone, for the audit event and comparisons. */
export function addressOf(record: E911Address): E911Address {
  return Object.fromEntries(E911_FIELDS.map((key) => [key, record[key]])) as unknown as E911Address;
}

export function toE911Dto(record: VoiceE911Address): E911Dto {
  const address = addressOf(record);
  return {
    ...address,
    lines: formatAddressLines(address),
    validatedBy: record.validatedBy,
    verified: record.verified,
    provisioning: record.provisioning,
    changedAt: record.changedAt,
  };
}

export async function loadCredential(em: EntityManager, profile: VoiceProfile): Promise<VoiceCredential | null> {
  return em.findOne(VoiceCredential, { profile }, { populate: ['pinChangedBy', 'passwordChangedBy'] });
}

export async function loadE911(em: EntityManager, profile: VoiceProfile): Promise<VoiceE911Address | null> {
  return em.findOne(VoiceE911Address, { profile });
}

export function toVoiceUserDto(
  profile: VoiceProfile,
  credential: VoiceCredential | null,
  e911: VoiceE911Address | null,
  now: Date,
): VoiceUserDto {
  return {
    ...toVoiceUserSummary(profile),
    portalUser: profile.portalUser ? { id: profile.portalUser.id, userId: profile.portalUser.userId } : null,
    timeZone: profile.timeZone,
    timeZoneLabel: profile.timeZone ? timeZoneLabel(profile.timeZone, now) : null,
    callerIdNumber: profile.callerIdNumber,
    e911: e911 ? toE911Dto(e911) : null,
    voicemail: {
      set: Boolean(credential?.pinHash),
      mustChangeAtFirstUse: credential?.pinMustChange ?? false,
      source: credential?.pinSource ?? null,
      changedAt: credential?.pinChangedAt ?? null,
      changedBy: credential?.pinChangedBy?.userId ?? null,
      provisioning: credential?.pinProvisioning ?? null,
    },
    voiceManager: {
      set: Boolean(credential?.passwordHash),
      source: credential?.passwordSource ?? null,
      changedAt: credential?.passwordChangedAt ?? null,
      changedBy: credential?.passwordChangedBy?.userId ?? null,
      provisioning: credential?.passwordProvisioning ?? null,
    },
    services: servicesOf(profile),
    updatedAt: profile.updatedAt,
    version: profile.version,
  };
}

/** What the audit log keeps of a voice user's details and services (no secrets exist here). */
export function voiceSnapshot(profile: VoiceProfile): Record<string, unknown> {
  const { id: _id, site, ...summary } = toVoiceUserSummary(profile);
  return {
    ...summary,
    site: site.accountNumber,
    portalUser: profile.portalUser?.userId ?? null,
    timeZone: profile.timeZone,
    callerIdNumber: profile.callerIdNumber,
    services: servicesOf(profile),
  };
}

export function voiceTarget(profile: VoiceProfile): AuditTarget {
  const number = profile.phoneNumber ?? (profile.extension ? `ext ${profile.extension}` : null);
  return {
    targetType: 'voice-user',
    targetId: profile.id,
    targetName: number ? `${profile.name} (${number})` : profile.name,
  };
}
