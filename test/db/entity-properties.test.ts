import { ReferenceKind, type MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';

describe("entities' properties (MikroORM's propagationOnPrototype off, src/db/orm.ts)", () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({ driver: 'sqlite', path: ':memory:' });
  });
  afterAll(() => orm.close(true));

  it('holds for this model: no reference to one entity has another side to keep in step', () => {
    // What propagationOnPrototype keeps in step when an entity made with `new` is given a value: a
    // many-to-one or one-to-one reference whose target has the other side (a collection of them, or
    // a reference back). Collections keep their own sides whatever it is (PortalUser.sites and the
    // inverse MikroORM makes for it on Site), and the pivot table's rows are MikroORM's own.
    const entities = [...orm.getMetadata()];
    expect(entities.map((meta) => meta.className)).toEqual(expect.arrayContaining(['PortalUser', 'AuditEvent']));
    const references = entities
      .filter((meta) => !meta.pivotTable)
      .flatMap((meta) => meta.props.map((prop) => ({ meta, prop })))
      .filter(({ prop }) => prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE);
    expect(references.map(({ meta, prop }) => `${meta.className}.${prop.name}`)).toContain('PortalUser.account');
    const twoSided = references.filter(({ prop }) => prop.inversedBy || prop.mappedBy);
    // A reference with two sides needs propagationOnPrototype back on (or the other side set by hand).
    expect(twoSided.map(({ meta, prop }) => `${meta.className}.${prop.name}`)).toEqual([]);
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
