import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import type { E911Address } from '../voice/e911-address.js';
import { PortalUser } from './portal-user.js';
import type { ProvisioningStatus } from './voice-credential.js';
import { VoiceProfile } from './voice-profile.js';

/**
 * The E911 dispatchable address of a voice user, normalised, with the validator that
 * accepted it and whether that validator verified it against an address database.
 */
export class VoiceE911Address implements E911Address {
  id: string = randomUUID();
  profile!: VoiceProfile;
  houseNumber!: string;
  preDirectional: string | null = null;
  streetName!: string;
  streetSuffix: string | null = null;
  postDirectional: string | null = null;
  city!: string;
  state!: string;
  zip!: string;
  country: 'US' = 'US';
  floor: string | null = null;
  suite: string | null = null;
  room: string | null = null;
  validatedBy!: string;
  verified = false;
  provisioning: ProvisioningStatus | null = null;
  changedAt: Date = new Date();
  changedBy: PortalUser | null = null;
}

export const VoiceE911AddressSchema = new EntitySchema<VoiceE911Address>({
  class: VoiceE911Address,
  tableName: 'voice_e911_addresses',
  properties: {
    id: { type: 'uuid', primary: true },
    profile: { kind: '1:1', entity: () => VoiceProfile, owner: true, deleteRule: 'cascade', unique: 'voice_e911_addresses_profile_unique' },
    houseNumber: { type: 'string', length: 10 },
    preDirectional: { type: 'string', length: 2, nullable: true },
    streetName: { type: 'string', length: 60 },
    streetSuffix: { type: 'string', length: 4, nullable: true },
    postDirectional: { type: 'string', length: 2, nullable: true },
    city: { type: 'string', length: 64 },
    state: { type: 'string', length: 2 },
    zip: { type: 'string', length: 10 },
    country: { type: 'string', length: 2 },
    floor: { type: 'string', length: 20, nullable: true },
    suite: { type: 'string', length: 20, nullable: true },
    room: { type: 'string', length: 20, nullable: true },
    validatedBy: { type: 'string', length: 32 },
    verified: { type: 'boolean', default: false },
    provisioning: { type: 'string', length: 10, nullable: true },
    changedAt: { type: 'datetime' },
    changedBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
  },
});
