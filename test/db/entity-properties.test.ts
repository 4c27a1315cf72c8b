import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';

describe("entities' properties (MikroORM's propagationOnPrototype off, src/db/orm.ts)", () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({ driver: 'sqlite', path: ':memory:' });
  });
  afterAll(() => orm.close(true));

  it('holds for this model: no relation has another side to keep in step', () => {
    const twoSided = Object.values(orm.getMetadata().getAll()).flatMap((meta) =>
      meta.props.filter((prop) => prop.inversedBy || prop.mappedBy).map((prop) => `${meta.className}.${prop.name}`),
    );
    // A relation with two sides needs propagationOnPrototype back on (or the other side set by hand).
    expect(twoSided).toEqual([]);
  });

  it('keeps the values of an entity made with `new` as plain properties, not a getter and a setter each', () => {
    const event = new AuditEvent();
    event.platform = 'console';
    expect(Object.getOwnPropertyDescriptor(event, 'platform')).toMatchObject({ value: 'console', writable: true });
  });

  it('still sees what changed: an insert, then an update of one field, written and read back', async () => {
    const event = Object.assign(new AuditEvent(), { platform: 'console', action: 'user.add', message: 'first' });
    const em = orm.em.fork();
    await em.persist(event).flush();
    event.message = 'second';
    await em.flush();
    const read = await orm.em.fork().findOneOrFail(AuditEvent, { id: event.id });
    expect({ platform: read.platform, action: read.action, message: read.message }).toEqual({
      platform: 'console',
      action: 'user.add',
      message: 'second',
    });
  });
});
