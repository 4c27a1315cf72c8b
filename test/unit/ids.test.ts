import { describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { DeliveryClaim } from '../../src/domain/entities/delivery-claim.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';

/** RFC 9562 version 7: 48 bits of Unix milliseconds, the version 7, the variant 10, random bits. */
const V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('row ids', () => {
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

  it('are what new rows get: users, audit events, outbox emails and once-only claims', () => {
    for (const row of [new PortalUser(), new AuditEvent(), new OutboxMessage(), new DeliveryClaim()])
      expect(row.id, row.constructor.name).toMatch(V7);
  });
});
