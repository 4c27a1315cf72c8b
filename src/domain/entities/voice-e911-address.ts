import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import type { E911Address } from '../voice/e911-address.js';
import { PortalUser } from './portal-user.js';
import type { ProvisioningStatus } from './voice-credential.js';
import { VoiceProfile } from './voice-profile.js';

export const VoiceE911AddressSchema = defineEntity({
  name: 'VoiceE911Address',
  tableName: 'voice_e911_addresses',
  properties: {
    id: p.uuid().primary(),
    profile: () => p.oneToOne(VoiceProfile).owner().deleteRule('cascade').unique('voice_e911_addresses_profile_unique'),
    houseNumber: p.string().length(10),
    preDirectional: p.string().length(2).strictNullable(),
    streetName: p.string().length(60),
    streetSuffix: p.string().length(4).strictNullable(),
    postDirectional: p.string().length(2).strictNullable(),
    city: p.string().length(64),
    state: p.string().length(2),
    zip: p.string().length(10),
    country: p.string().length(2).$type<'US'>().default('US'),
    floor: p.string().length(20).strictNullable(),
    suite: p.string().length(20).strictNullable(),
    room: p.string().length(20).strictNullable(),
    validatedBy: p.string().length(32),
    verified: p.boolean().default(false),
    provisioning: p.string().length(10).$type<ProvisioningStatus>().strictNullable(),
    changedAt: p.datetime(),
    changedBy: () => p.manyToOne(PortalUser).strictNullable().deleteRule('set null'),
  },
});

/**
 * The E911 dispatchable address of a voice user, normalised, with the validator that
 * accepted it and whether that validator verified it against an address database.
 */
export class VoiceE911Address extends VoiceE911AddressSchema.class implements E911Address {
  constructor() {
    super();
    this.id = newId();
    this.preDirectional = null;
    this.streetSuffix = null;
    this.postDirectional = null;
    this.country = 'US';
    this.floor = null;
    this.suite = null;
    this.room = null;
    this.verified = false;
    this.provisioning = null;
    this.changedAt = new Date();
    this.changedBy = null;
  }
}

VoiceE911AddressSchema.setClass(VoiceE911Address);
