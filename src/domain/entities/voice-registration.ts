import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { VoiceProfile } from './voice-profile.js';

/**
 * A device (line) registration of a voice user as last observed: the columns of the
 * portal's User Registration Report. Switchboard keeps what it was told and when
 * (`observedAt`); it does not poll a platform.
 */
export class VoiceRegistration {
  id: string = randomUUID();
  profile!: VoiceProfile;
  registered = false;
  /** e.g. "MegaPath Demo Account for Cloud Services (ent_156447)". */
  enterprise!: string;
  /** e.g. "Billy Lab (ste_323731)". */
  groupName!: string;
  /** The name on the line, e.g. "Superman". */
  username!: string;
  /** The line/port, e.g. "7039351801@megapathvoice.com". */
  lineUserId!: string;
  /** The registered contact, e.g. "sip:156447_323731_136294_VVX450_F001@216.86.44.1". */
  uri!: string;
  /** e.g. "VVX450". */
  deviceType: string | null = null;
  observedAt: Date = new Date();
}

export const VoiceRegistrationSchema = new EntitySchema<VoiceRegistration>({
  class: VoiceRegistration,
  tableName: 'voice_registrations',
  uniques: [{ properties: ['profile', 'uri'], name: 'voice_registrations_uri_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    profile: { kind: 'm:1', entity: () => VoiceProfile, deleteRule: 'cascade' },
    registered: { type: 'boolean', default: false },
    enterprise: { type: 'string', length: 200 },
    groupName: { type: 'string', length: 200 },
    username: { type: 'string', length: 100 },
    lineUserId: { type: 'string', length: 254 },
    uri: { type: 'string', length: 500 },
    deviceType: { type: 'string', length: 64, nullable: true },
    observedAt: { type: 'datetime' },
  },
});
