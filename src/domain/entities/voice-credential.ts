import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { PortalUser } from './portal-user.js';
import { VoiceProfile } from './voice-profile.js';

/** Whether a change reached a voice platform: `not-sent` when none is connected. */
export type ProvisioningStatus = 'not-sent' | 'applied';

/**
 * A voice user's secrets, kept apart from the profile so that reading a profile never
 * loads them: the voicemail PIN and the one before it, and the Voice Manager/WebEx
 * password, all as scrypt hashes only (`hidden`, never serialised).
 */
export class VoiceCredential {
  id: string = randomUUID();
  profile!: VoiceProfile;
  pinHash: string | null = null;
  /** The PIN before the current one, for the "not the previous PIN" rule. */
  previousPinHash: string | null = null;
  /** An initial PIN set by an admin: the user must change it at first use. */
  pinMustChange = false;
  pinSource: 'typed' | 'generated' | null = null;
  pinChangedAt: Date | null = null;
  pinChangedBy: PortalUser | null = null;
  pinProvisioning: ProvisioningStatus | null = null;
  passwordHash: string | null = null;
  passwordSource: 'typed' | 'generated' | null = null;
  passwordChangedAt: Date | null = null;
  passwordChangedBy: PortalUser | null = null;
  passwordProvisioning: ProvisioningStatus | null = null;
}

export const VoiceCredentialSchema = new EntitySchema<VoiceCredential>({
  class: VoiceCredential,
  tableName: 'voice_credentials',
  properties: {
    id: { type: 'uuid', primary: true },
    profile: { kind: '1:1', entity: () => VoiceProfile, owner: true, deleteRule: 'cascade', unique: 'voice_credentials_profile_unique' },
    pinHash: { type: 'string', length: 200, nullable: true, hidden: true },
    previousPinHash: { type: 'string', length: 200, nullable: true, hidden: true },
    pinMustChange: { type: 'boolean', default: false },
    pinSource: { type: 'string', length: 10, nullable: true },
    pinChangedAt: { type: 'datetime', nullable: true },
    pinChangedBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
    pinProvisioning: { type: 'string', length: 10, nullable: true },
    passwordHash: { type: 'string', length: 200, nullable: true, hidden: true },
    passwordSource: { type: 'string', length: 10, nullable: true },
    passwordChangedAt: { type: 'datetime', nullable: true },
    passwordChangedBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
    passwordProvisioning: { type: 'string', length: 10, nullable: true },
  },
});
