import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId, newShortRefId } from '../../src/domain/ids.js';
import { AccessReview } from '../../src/domain/entities/access-review.js';
import { AccessReviewItem } from '../../src/domain/entities/access-review-item.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { ImportBatch } from '../../src/domain/entities/import-batch.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { DeliveryClaim } from '../../src/domain/entities/delivery-claim.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';

/** RFC 9562 version 7: 48 bits of Unix milliseconds, the version 7, the variant 10, random bits. */
const V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('row ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are UUIDs of version 7 that begin with the millisecond they were made', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(millisecondsOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisecondsOf(id)).toBeLessThanOrEqual(after);
  });

  it('sort in the order they were made, within one millisecond too, and never repeat', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('each get random bits of their own, across many refills of the pool they are drawn from', () => {
    // The last 48 bits are random bytes only: a slice of the pool handed out twice would repeat them.
    const tails = Array.from({ length: 10_000 }, () => newId().slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
  });

  it('keep their order when the clock goes back, counting on from the last millisecond', () => {
    const first = newId();
    vi.spyOn(Date, 'now').mockReturnValue(millisecondsOf(first) - 60_000);
    const later = Array.from({ length: 100 }, () => newId());
    expect([first, ...later].sort()).toEqual([first, ...later]);
    expect(millisecondsOf(later.at(-1)!)).toBeGreaterThanOrEqual(millisecondsOf(first));
  });

  it('are what new rows get: users, audit events, outbox emails and once-only claims', () => {
    for (const row of [new PortalUser(), new AuditEvent(), new OutboxMessage(), new DeliveryClaim()])
      expect(row.id, row.constructor.name).toMatch(V7);
  });

  it('of rows people name by 8 characters are random from the first one, where time-ordered ones share them', () => {
    const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const shown = Array.from({ length: 1_000 }, () => newShortRefId());
    for (const id of shown) expect(id).toMatch(V4);
    expect(new Set(shown.map((id) => id.slice(0, 8))).size).toBe(shown.length);
    // Why they are not version 7: made in the same minute, those begin alike.
    expect(new Set(Array.from({ length: 1_000 }, () => newId().slice(0, 8))).size).toBeLessThan(3);
    for (const row of [
      new Grant(),
      new AccessReview(),
      new AccessReviewItem(),
      new ApprovalRequest(),
      new ImportBatch(),
    ])
      expect(row.id, row.constructor.name).toMatch(V4);
  });
});
