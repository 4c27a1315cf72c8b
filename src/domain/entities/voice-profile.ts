import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';
import { Site } from './site.js';

/**
 * A hosted-voice user of a site: the User Details and User Services of the portal's
 * user profile page. It may belong to a portal user or be voice-only. Numbers are E.164;
 * the phone number is unique in the account and the extension within the site. The
 * voicemail PIN and Voice Manager password live in `VoiceCredential`, the E911 address
 * in `VoiceE911Address`.
 */
export class VoiceProfile {
  id: string = randomUUID();
  account!: Account;
  site!: Site;
  portalUser: PortalUser | null = null;
  /** The "User" field: the name the voice platform shows. */
  name!: string;
  directoryFirstName!: string;
  directoryLastName!: string;
  /** An IANA time zone name, e.g. US/Eastern or America/New_York. */
  timeZone: string | null = null;
  phoneNumber: string | null = null;
  extension: string | null = null;
  callerIdNumber: string | null = null;
  email: string | null = null;
  /** Set by the service order (e.g. "Hosted Voice Common Line National (M)"); not edited here. */
  callingPlan: string | null = null;
  zeroOutEnabled = false;
  zeroOutNumber: string | null = null;
  callRecording = false;
  fax = false;
  voicemailTranscription = false;
  audioConferencing = false;
  conferenceId: string | null = null;
  bridgeName: string | null = null;
  bridgeNumber: string | null = null;
  emailCopiesEnabled = false;
  emailCopyAddresses: string[] = [];
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version!: number;
}

export const VoiceProfileSchema = new EntitySchema<VoiceProfile>({
  class: VoiceProfile,
  tableName: 'voice_profiles',
  uniques: [
    { properties: ['account', 'phoneNumber'], name: 'voice_profiles_phone_number_unique' },
    { properties: ['site', 'extension'], name: 'voice_profiles_extension_unique' },
  ],
  indexes: [{ properties: ['account', 'name'], name: 'voice_profiles_account_name_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    site: { kind: 'm:1', entity: () => Site, deleteRule: 'cascade' },
    portalUser: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null', unique: 'voice_profiles_portal_user_unique' },
    name: { type: 'string', length: 100 },
    directoryFirstName: { type: 'string', length: 100 },
    directoryLastName: { type: 'string', length: 100 },
    timeZone: { type: 'string', length: 64, nullable: true },
    phoneNumber: { type: 'string', length: 20, nullable: true },
    extension: { type: 'string', length: 8, nullable: true },
    callerIdNumber: { type: 'string', length: 20, nullable: true },
    email: { type: 'string', length: 254, nullable: true },
    callingPlan: { type: 'string', length: 100, nullable: true },
    zeroOutEnabled: { type: 'boolean', default: false },
    zeroOutNumber: { type: 'string', length: 20, nullable: true },
    callRecording: { type: 'boolean', default: false },
    fax: { type: 'boolean', default: false },
    voicemailTranscription: { type: 'boolean', default: false },
    audioConferencing: { type: 'boolean', default: false },
    conferenceId: { type: 'string', length: 32, nullable: true },
    bridgeName: { type: 'string', length: 100, nullable: true },
    bridgeNumber: { type: 'string', length: 20, nullable: true },
    emailCopiesEnabled: { type: 'boolean', default: false },
    emailCopyAddresses: { type: 'json' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});
