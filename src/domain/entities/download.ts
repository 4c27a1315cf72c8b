import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const DownloadSchema = defineEntity({
  name: 'Download',
  tableName: 'downloads',
  uniques: [{ properties: ['tokenHash'], name: 'downloads_token_hash_unique' }],
  indexes: [{ properties: ['expiresAt'], name: 'downloads_expires_at_index' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade'),
    /** The only one the link is for: the portal user who asked for the file. */
    owner: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    /** SHA-256 of the link's token; the token itself is never stored. */
    tokenHash: p.string().length(64),
    fileName: p.string().length(200),
    contentType: p.string().length(100),
    content: p.text().lazy(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    downloads: p.integer().default(0),
  },
});

/**
 * A file waiting behind a private link (a Teams user's export, the rows an import could not take):
 * reachable by whoever holds the link until it expires, then deleted by the sweep.
 */
export class Download extends DownloadSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.downloads = 0;
    this.createdAt = new Date();
  }
}
