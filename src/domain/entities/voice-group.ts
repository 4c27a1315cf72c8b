import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { Site } from './site.js';
import { VoiceProfile } from './voice-profile.js';

export const VOICE_GROUP_KINDS = ['hunt-group', 'call-queue'] as const;
export type VoiceGroupKind = (typeof VOICE_GROUP_KINDS)[number];

export const VoiceGroupSchema = defineEntity({
  name: 'VoiceGroup',
  tableName: 'voice_groups',
  uniques: [{ properties: ['site', 'kind', 'name'], name: 'voice_groups_name_unique' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade'),
    site: () => p.manyToOne(Site).deleteRule('cascade').index(false),
    kind: p.enum(VOICE_GROUP_KINDS),
    name: p.string().length(100),
    phoneNumber: p.string().length(20).strictNullable(),
    extension: p.string().length(8).strictNullable(),
    createdAt: p.datetime(),
  },
});

/** A hunt group or call-center queue of a site. */
export class VoiceGroup extends VoiceGroupSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.phoneNumber = null;
    this.extension = null;
    this.createdAt = new Date();
  }
}

VoiceGroupSchema.setClass(VoiceGroup);

export const VoiceGroupMemberSchema = defineEntity({
  name: 'VoiceGroupMember',
  tableName: 'voice_group_members',
  uniques: [{ properties: ['group', 'profile'], name: 'voice_group_members_unique' }],
  indexes: [{ properties: ['profile'], name: 'voice_group_members_profile_index' }],
  properties: {
    id: p.uuid().primary(),
    group: () => p.manyToOne(VoiceGroup).deleteRule('cascade').index(false),
    profile: () => p.manyToOne(VoiceProfile).deleteRule('cascade'),
    agent: p.boolean().default(true),
    supervisor: p.boolean().default(false),
  },
});

/**
 * A voice user in a hunt group or queue: as an agent (takes its calls), as a
 * supervisor (of a call queue), or both.
 */
export class VoiceGroupMember extends VoiceGroupMemberSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.agent = true;
    this.supervisor = false;
  }
}

VoiceGroupMemberSchema.setClass(VoiceGroupMember);
