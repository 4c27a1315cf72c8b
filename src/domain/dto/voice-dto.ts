import type { ProvisioningStatus } from '../entities/voice-credential.js';
import type { VoiceGroupKind } from '../entities/voice-group.js';
import type { E911Address } from '../voice/e911-address.js';

/** What the voice services return, as the replies (views/replies) show them. No hash, ever. */

export interface VoiceSiteRef {
  id: string;
  name: string;
  accountNumber: string;
}

/** A row of the voice users list, as on the portal's All Users page. */
export interface VoiceUserSummary {
  id: string;
  name: string;
  directoryFirstName: string;
  directoryLastName: string;
  extension: string | null;
  phoneNumber: string | null;
  email: string | null;
  callingPlan: string | null;
  site: VoiceSiteRef;
}

export interface VoiceUserServices {
  zeroOut: { enabled: boolean; phoneNumber: string | null };
  callRecording: boolean;
  fax: boolean;
  transcription: boolean;
  audioConferencing: {
    enabled: boolean;
    conferenceId: string | null;
    bridgeName: string | null;
    bridgeNumber: string | null;
  };
  emailCopies: { enabled: boolean; addresses: string[] };
}

export interface E911Dto extends E911Address {
  /** As the portal prints it: street, dispatchable location, then CITY,ST,US,ZIP. */
  lines: string[];
  validatedBy: string;
  verified: boolean;
  provisioning: ProvisioningStatus | null;
  changedAt: Date;
}

/** Whether a secret is set, and how, never what it is. */
export interface SecretStatus {
  set: boolean;
  source: 'typed' | 'generated' | null;
  changedAt: Date | null;
  changedBy: string | null;
  provisioning: ProvisioningStatus | null;
}

/** One voice user in full, as on the portal's user profile page. No hash, ever. */
export interface VoiceUserDto extends VoiceUserSummary {
  portalUser: { id: string; userId: string } | null;
  timeZone: string | null;
  timeZoneLabel: string | null;
  callerIdNumber: string | null;
  e911: E911Dto | null;
  voicemail: SecretStatus & { mustChangeAtFirstUse: boolean };
  voiceManager: SecretStatus;
  services: VoiceUserServices;
  updatedAt: Date;
  version: number;
}

export interface RegistrationRow {
  registered: boolean;
  enterprise: string;
  groupName: string;
  username: string;
  lineUserId: string;
  uri: string;
  deviceType: string | null;
  observedAt: Date;
}

/** The User Registration Report: whether and where the user's number is registered. */
export interface RegistrationReport {
  user: VoiceUserSummary;
  /** True when at least one device was registered when last observed. */
  registered: boolean;
  registrations: RegistrationRow[];
  /** When the newest row was observed; null when there is no record. */
  asOf: Date | null;
  /** Where the rows come from, for the admin: records, not a live query. */
  note: string;
}

export interface GroupMembershipRow {
  group: string;
  kind: VoiceGroupKind;
  phoneNumber: string | null;
  extension: string | null;
  /** Takes the group's calls. */
  agent: boolean;
  /** Supervises the call queue. */
  supervisor: boolean;
}

/** View Group Memberships: hunt groups, call queues and the queues the user supervises. */
export interface GroupMemberships {
  user: VoiceUserSummary;
  huntGroups: string[];
  callQueues: string[];
  supervisorOf: string[];
  memberships: GroupMembershipRow[];
}

/** What a provisioner did with a change. */
export interface ProvisioningReceipt {
  /** `applied`: the platform accepted it; `queued`: it will take it later; `not-sent`: no platform was called. */
  status: ProvisioningStatus;
  /** The platform that accepted it, or null. */
  platform: string | null;
  /** One sentence for the admin, without any secret. */
  detail: string;
}
