import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

export const ApprovalChannelSchema = defineEntity({
  name: 'ApprovalChannel',
  tableName: 'approval_channels',
  uniques: [{ properties: ['account', 'platform'], name: 'approval_channels_account_platform_unique' }],
  properties: {
    id: p.uuid().primary(),
    account: () => p.manyToOne(Account).deleteRule('cascade').index(false),
    platform: p.string().length(16),
    channel: p.string().length(200),
    /** What the platform needs to post there later (Teams: service URL, tenant). */
    extra: p.json<Record<string, string>>(),
    setBy: () => p.manyToOne(PortalUser).strictNullable().deleteRule('set null'),
    setAt: p.datetime(),
  },
});

/** The channel of a platform where an account's approval requests are posted (`approvals here`). */
export class ApprovalChannel extends ApprovalChannelSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.extra = {};
    this.setBy = null;
    this.setAt = new Date();
  }
}

ApprovalChannelSchema.setClass(ApprovalChannel);
