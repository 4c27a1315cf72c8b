import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { VoiceProfile } from './voice-profile.js';

export const VoiceRegistrationSchema = defineEntity({
  name: 'VoiceRegistration',
  tableName: 'voice_registrations',
  uniques: [{ properties: ['profile', 'uri'], name: 'voice_registrations_uri_unique' }],
  properties: {
    id: p.uuid().primary(),
    profile: () => p.manyToOne(VoiceProfile).deleteRule('cascade').index(false),
    registered: p.boolean().default(false),
    /** e.g. "MegaPath Demo Account for Cloud Services (ent_156447)". */
    enterprise: p.string().length(200),
    /** e.g. "Billy Lab (ste_323731)". */
    groupName: p.string().length(200),
    /** The name on the line, e.g. "Superman". */
    username: p.string().length(100),
    /** The line/port, e.g. "7039351801@megapathvoice.com". */
    lineUserId: p.string().length(254),
    /** The registered contact, e.g. "sip:156447_323731_136294_VVX450_F001@216.86.44.1". */
    uri: p.string().length(500),
    /** e.g. "VVX450". */
    deviceType: p.string().length(64).strictNullable(),
    observedAt: p.datetime(),
  },
});

/**
 * A device (line) registration of a voice user as last observed: the columns of the
 * portal's User Registration Report. Switchboard keeps what it was told and when
 * (`observedAt`); it does not poll a platform.
 */
export class VoiceRegistration extends VoiceRegistrationSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.registered = false;
    this.deviceType = null;
    this.observedAt = new Date();
  }
}

VoiceRegistrationSchema.setClass(VoiceRegistration);
