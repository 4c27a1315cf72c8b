import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Account } from './account.js';
import { PortalUser } from './portal-user.js';

/** The channel of a platform where an account's approval requests are posted (`approvals here`). */
export class ApprovalChannel {
  id: string = randomUUID();
  account!: Account;
  platform!: string;
  channel!: string;
  /** What the platform needs to post there later (Teams: service URL, tenant). */
  extra: Record<string, string> = {};
  setBy: PortalUser | null = null;
  setAt: Date = new Date();
}

export const ApprovalChannelSchema = new EntitySchema<ApprovalChannel>({
  class: ApprovalChannel,
  tableName: 'approval_channels',
  uniques: [{ properties: ['account', 'platform'], name: 'approval_channels_account_platform_unique' }],
  properties: {
    id: { type: 'uuid', primary: true },
    account: { kind: 'm:1', entity: () => Account, deleteRule: 'cascade' },
    platform: { type: 'string', length: 16 },
    channel: { type: 'string', length: 200 },
    extra: { type: 'json' },
    setBy: { kind: 'm:1', entity: () => PortalUser, nullable: true, deleteRule: 'set null' },
    setAt: { type: 'datetime' },
  },
});
