import { newId } from '../ids.js';
import { defineEntity, p } from '@mikro-orm/core';

export const DELIVERY_STATES = ['pending', 'done'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DeliveryClaimSchema = defineEntity({
  name: 'DeliveryClaim',
  tableName: 'delivery_claims',
  uniques: [{ properties: ['platform', 'deliveryKey'], name: 'delivery_claims_key_unique' }],
  indexes: [{ properties: ['expiresAt'], name: 'delivery_claims_expires_at_index' }],
  properties: {
    id: p.uuid().primary(),
    /** The chat platform that delivered it: `slack`, `teams`. */
    platform: p.string().length(16),
    /** What identifies the delivery on its platform (a Slack trigger id, a Teams form card id, ...). */
    deliveryKey: p.string().length(200),
    state: p.string().length(8).$type<DeliveryState>().default('pending'),
    /** What a repeated delivery gets instead of running again (a Teams card); never a secret. */
    result: p.json<unknown>().strictNullable(),
    claimedAt: p.datetime(),
    expiresAt: p.datetime(),
  },
});

/**
 * A chat delivery (a command, a click, a form submission) that one process has taken on: the
 * unique key makes every other process, and this one after a restart, see it as taken until
 * the row expires.
 */
export class DeliveryClaim extends DeliveryClaimSchema.class {
  constructor() {
    super();
    this.id = newId();
    this.state = 'pending';
    this.result = null;
    this.claimedAt = new Date();
  }
}

DeliveryClaimSchema.setClass(DeliveryClaim);
