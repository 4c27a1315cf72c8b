import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { Site } from './site.js';

export const VoiceSiteSchema = defineEntity({
  name: 'VoiceSite',
  tableName: 'voice_sites',
  uniques: [{ properties: ['account', 'lineId'], name: 'voice_sites_line_id_unique' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    site: () => p.manyToOne(Site).deleteRule('cascade'),
    name: p.string().length(200),
    platform: p.string().length(64),
    lineId: p.string().length(32),
    createdAt: p.datetime(),
  },
});

/**
 * A site's hosted-voice service, as on the portal's Unified Communications page: the
 * location's name on the voice platform, the platform, and the service's Line Id.
 */
export class VoiceSite extends VoiceSiteSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.createdAt = new Date();
  }
}

VoiceSiteSchema.setClass(VoiceSite);
