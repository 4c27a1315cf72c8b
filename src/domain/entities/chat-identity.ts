import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { PortalUser } from './portal-user.js';

export const CHAT_PLATFORMS = ['slack', 'teams'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
/** `email`: matched through the platform's verified email; `manual`: bound with the CLI. */
export type ChatLinkMethod = 'email' | 'manual';

export const ChatIdentitySchema = defineEntity({
  name: 'ChatIdentity',
  tableName: 'chat_identities',
  uniques: [{ properties: ['platform', 'workspaceId', 'chatUserId'], name: 'chat_identities_unique' }],
  properties: {
    id: p.uuid().primary(),
    platform: p.string().length(8).$type<ChatPlatform>(),
    workspaceId: p.string().length(64),
    chatUserId: p.string().length(64),
    user: () => p.manyToOne(PortalUser).deleteRule('cascade'),
    linkedBy: p.string().length(8).$type<ChatLinkMethod>().default('email'),
    verifiedEmail: p.string().length(254).strictNullable(),
    createdAt: p.datetime(),
  },
});

/** A chat user (Slack team + user, or Teams tenant + AAD object id) bound to a portal user. */
export class ChatIdentity extends ChatIdentitySchema.class {
  constructor() {
    super();
    this.id = newId();
    this.linkedBy = 'email';
    this.verifiedEmail = null;
    this.createdAt = new Date();
  }
}

ChatIdentitySchema.setClass(ChatIdentity);
