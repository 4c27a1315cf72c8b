import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { PortalUser } from './portal-user.js';

export const CHAT_PLATFORMS = ['slack', 'teams'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** A chat user (Slack team + user, or Teams tenant + AAD object id) bound to a portal user. */
export class ChatIdentity {
  id: string = randomUUID();
  platform!: ChatPlatform;
  workspaceId!: string;
  chatUserId!: string;
  user!: PortalUser;
  /** `email`: matched through the platform's verified email; `manual`: bound with the CLI. */
  linkedBy: 'email' | 'manual' = 'email';
  verifiedEmail: string | null = null;
  createdAt: Date = new Date();
}

export const ChatIdentitySchema = new EntitySchema<ChatIdentity>({
  class: ChatIdentity,
  tableName: 'chat_identities',
  uniques: [{ properties: ['platform', 'workspaceId', 'chatUserId'], name: 'chat_identities_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    platform: { type: 'string', length: 8 },
    workspaceId: { type: 'string', length: 64 },
    chatUserId: { type: 'string', length: 64 },
    user: { kind: 'm:1', entity: () => PortalUser, deleteRule: 'cascade' },
    linkedBy: { type: 'string', length: 8 },
    verifiedEmail: { type: 'string', length: 254, nullable: true },
    createdAt: { type: 'datetime' },
  },
});
