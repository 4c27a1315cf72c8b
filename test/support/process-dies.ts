import { vi } from 'vitest';
import { DeliveryLedger } from '../../src/chat/delivery-ledger.js';

/**
 * The process "dies" right after a change commits: from now on no write of the once-only ledger
 * gets through except those made in a change's transaction. Undone by the result's `mockRestore()`.
 */
export function diesAfterEachChange() {
  const complete = DeliveryLedger.prototype.complete;
  return vi.spyOn(DeliveryLedger.prototype, 'complete').mockImplementation(function (
    this: DeliveryLedger,
    platform,
    key,
    ttlMs,
    result,
    inChange,
  ) {
    if (!inChange) return Promise.reject(new Error('the process died'));
    return complete.call(this, platform, key, ttlMs, result, inChange);
  });
}
