import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';
import { Site } from './site.js';

export const VoiceProfileSchema = defineEntity({
  name: 'VoiceProfile',
  tableName: 'voice_profiles',
  uniques: [
    { properties: ['account', 'phoneNumber'], name: 'voice_profiles_phone_number_unique' },
    { properties: ['site', 'extension'], name: 'voice_profiles_extension_unique' },
  ],
  indexes: [{ properties: ['account', 'name'], name: 'voice_profiles_account_name_index' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    site: () => p.manyToOne(Site).deleteRule('cascade').index(false),
    portalUser: () =>
      p.manyToOne(PortalUser).strictNullable().deleteRule('set null').unique('voice_profiles_portal_user_unique'),
    /** The "User" field: the name the voice platform shows. */
    name: p.string().length(100),
    directoryFirstName: p.string().length(100),
    directoryLastName: p.string().length(100),
    /** An IANA time zone name, e.g. US/Eastern or America/New_York. */
    timeZone: p.string().length(64).strictNullable(),
    phoneNumber: p.string().length(20).strictNullable(),
    extension: p.string().length(8).strictNullable(),
    callerIdNumber: p.string().length(20).strictNullable(),
    email: p.string().length(254).strictNullable(),
    /** Set by the service order (e.g. "Hosted Voice Common Line National (M)"); not edited here. */
    callingPlan: p.string().length(100).strictNullable(),
    zeroOutEnabled: p.boolean().default(false),
    zeroOutNumber: p.string().length(20).strictNullable(),
    callRecording: p.boolean().default(false),
    fax: p.boolean().default(false),
    voicemailTranscription: p.boolean().default(false),
    audioConferencing: p.boolean().default(false),
    conferenceId: p.string().length(32).strictNullable(),
    bridgeName: p.string().length(100).strictNullable(),
    bridgeNumber: p.string().length(20).strictNullable(),
    emailCopiesEnabled: p.boolean().default(false),
    emailCopyAddresses: p.json<string[]>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});

/**
 * A hosted-voice user of a site: the User Details and User Services of the portal's
 * user profile page. It may belong to a portal user or be voice-only. Numbers are E.164;
 * the phone number is unique in the account and the extension within the site. The
 * voicemail PIN and Voice Manager password live in `VoiceCredential`, the E911 address
 * in `VoiceE911Address`.
 */
export class VoiceProfile extends VoiceProfileSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.portalUser = null;
    this.timeZone = null;
    this.phoneNumber = null;
    this.extension = null;
    this.callerIdNumber = null;
    this.email = null;
    this.callingPlan = null;
    this.zeroOutEnabled = false;
    this.zeroOutNumber = null;
    this.callRecording = false;
    this.fax = false;
    this.voicemailTranscription = false;
    this.audioConferencing = false;
    this.conferenceId = null;
    this.bridgeName = null;
    this.bridgeNumber = null;
    this.emailCopiesEnabled = false;
    this.emailCopyAddresses = [];
    this.createdAt = new Date();
    this.updatedAt = new Date();
  }
}

VoiceProfileSchema.setClass(VoiceProfile);
