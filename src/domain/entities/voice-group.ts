import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';
import { Site } from './site.js';
import { VoiceProfile } from './voice-profile.js';

export const VOICE_GROUP_KINDS = ['hunt-group', 'call-queue'] as const;
export type VoiceGroupKind = (typeof VOICE_GROUP_KINDS)[number];

/** A hunt group or call-center queue of a site. */
export class VoiceGroup {
  id: string = randomUUID();
  account!: Account;
  site!: Site;
  kind!: VoiceGroupKind;
  name!: string;
  phoneNumber: string | null = null;
  extension: string | null = null;
  createdAt: Date = new Date();
}

export const VoiceGroupSchema = new EntitySchema<VoiceGroup>({
  class: VoiceGroup,
  tableName: 'voice_groups',
  uniques: [{ properties: ['site', 'kind', 'name'], name: 'voice_groups_name_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    site: { kind: 'm:1', entity: () => Site, deleteRule: 'cascade' },
    kind: { enum: true, items: () => [...VOICE_GROUP_KINDS], type: 'string' },
    name: { type: 'string', length: 100 },
    phoneNumber: { type: 'string', length: 20, nullable: true },
    extension: { type: 'string', length: 8, nullable: true },
    createdAt: { type: 'datetime' },
  },
});

/**
 * A voice user in a hunt group or queue: as an agent (takes its calls), as a
 * supervisor (of a call queue), or both.
 */
export class VoiceGroupMember {
  id: string = randomUUID();
  group!: VoiceGroup;
  profile!: VoiceProfile;
  agent = true;
  supervisor = false;
}

export const VoiceGroupMemberSchema = new EntitySchema<VoiceGroupMember>({
  class: VoiceGroupMember,
  tableName: 'voice_group_members',
  uniques: [{ properties: ['group', 'profile'], name: 'voice_group_members_unique' }],
  indexes: [{ properties: ['profile'], name: 'voice_group_members_profile_index' }],
  properties: {
    id: { type: 'uuid', primary: true },
    group: { kind: 'm:1', entity: () => VoiceGroup, deleteRule: 'cascade' },
    profile: { kind: 'm:1', entity: () => VoiceProfile, deleteRule: 'cascade' },
    agent: { type: 'boolean', default: true },
    supervisor: { type: 'boolean', default: false },
  },
});
