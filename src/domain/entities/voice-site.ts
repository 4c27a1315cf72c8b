import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';
import { Site } from './site.js';

/**
 * A site's hosted-voice service, as on the portal's Unified Communications page: the
 * location's name on the voice platform, the platform, and the service's Line Id.
 */
export class VoiceSite {
  id: string = randomUUID();
  account!: Account;
  site!: Site;
  name!: string;
  platform!: string;
  lineId!: string;
  createdAt: Date = new Date();
}

export const VoiceSiteSchema = new EntitySchema<VoiceSite>({
  class: VoiceSite,
  tableName: 'voice_sites',
  uniques: [{ properties: ['account', 'lineId'], name: 'voice_sites_line_id_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    site: { kind: 'm:1', entity: () => Site, deleteRule: 'cascade' },
    name: { type: 'string', length: 200 },
    platform: { type: 'string', length: 64 },
    lineId: { type: 'string', length: 32 },
    createdAt: { type: 'datetime' },
  },
});
