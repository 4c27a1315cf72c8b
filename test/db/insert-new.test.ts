import {
  defineEntity,
  MikroORM,
  p,
  UniqueConstraintViolationException,
  type AnyEntity,
  type EntityManager,
} from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertNew } from '../../src/db/insert-new.js';
import { selectRows, type Row } from '../../src/db/sql-rows.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { translateError } from '../../src/services/run.js';
import {
  makeUser,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** A table's row by id, as the database driver returns it. */
async function rowOf(em: EntityManager, table: string, id: string): Promise<Row> {
  const [row] = await selectRows(em, sql`select * from ${sql.table(table)} where id = ${id}`);
  return row!;
}

/** The pivot rows a user owns (site ids, in order). */
async function sitesOf(em: EntityManager, userId: string): Promise<unknown[]> {
  const rows = await selectRows(
    em,
    sql`select site_id from portal_user_sites where portal_user_id = ${userId} order by site_id`,
  );
  return rows.map((row) => row.site_id);
}

const withoutNul = (text: string) => text.replaceAll('\0', '');

/** A user with every kind of column set: flags both ways, a null, dates, a version, two sites. */
function fullUser(acc: TestAccount, userId: string): PortalUser {
  const at = new Date('2026-11-30T08:15:30.123Z');
  const user = makeUser(acc.account, { userId, email: `${userId}@example.com`, phone: null }, at, 'support');
  Object.assign(user, { passwordChangedAt: new Date('2026-12-01T00:00:00.007Z'), accessAllSites: false, version: 1 });
  user.sites.set(acc.sites);
  return user;
}

/** The same entity written twice, once each way, has the same row but for its id and what `differ` names. */
function sameRow(byFlush: Row, byInsert: Row, differ: string[] = []): void {
  const strip = (row: Row) =>
    Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'id' && !differ.includes(key)));
  expect(strip(byInsert)).toEqual(strip(byFlush));
}

describe('insertNew: new entities written as plain inserts, row for row as MikroORM writes them', () => {
  it("writes a user's row and its sites as a flush does", async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const flushed = fullUser(acc, 'byflush');
    await em.persist(flushed).flush();
    const inserted = fullUser(acc, 'byinsert');
    await insertNew(em, [inserted]);

    const differ = ['user_id', 'user_id_key', 'email', 'email_key', 'label'];
    sameRow(await rowOf(em, 'portal_users', flushed.id), await rowOf(em, 'portal_users', inserted.id), differ);
    expect(await sitesOf(em, inserted.id)).toEqual(await sitesOf(em, flushed.id));
    expect(await sitesOf(em, inserted.id)).toHaveLength(2);
    const read = await sb.orm.em.fork().findOneOrFail(PortalUser, { id: inserted.id }, { populate: ['sites'] });
    expect(read).toMatchObject({
      administrator: false,
      accessAllSites: false,
      phone: null,
      version: 1,
      tickets: 'manage',
    });
    expect(read.passwordChangedAt?.toISOString()).toBe('2026-12-01T00:00:00.007Z');
    expect(
      read.sites
        .getItems()
        .map((site) => site.name)
        .sort(),
    ).toEqual(['Herndon HQ', 'Little River']);
  });

  it('writes references, JSON and nulls as a flush does: a link, its email, an audit event', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    // Each link's user written its link's way: a flushed entity that references one written by
    // insertNew would have the flush write that user again.
    const [flushedUser, insertedUser] = [fullUser(acc, 'linked1'), fullUser(acc, 'linked2')];
    await em.persist(flushedUser).flush();
    await insertNew(em, [insertedUser]);
    const at = new Date('2026-12-02T09:00:00.000Z');
    const link = (user: PortalUser) =>
      Object.assign(new PasswordLink(), {
        user,
        purpose: 'setup',
        requestedBy: acc.admin,
        createdAt: at,
        expiresAt: at,
      });
    const email = () =>
      Object.assign(new OutboxMessage(), {
        accountId: acc.account.id,
        kind: 'password-setup',
        recipient: 'linked@example.com',
        payload: { name: 'Zoë "Q" O\'Neil', nested: { list: [1, 'two', null] } },
        nextAttemptAt: at,
        createdAt: at,
      });
    const event = () =>
      Object.assign(new AuditEvent(), {
        platform: 'slack',
        action: 'user.add',
        before: null,
        after: { a: 1 },
        createdAt: at,
      });
    const flushed = [link(flushedUser), email(), event()];
    await em.persist(flushed).flush();
    const inserted = [link(insertedUser), email(), event()];
    await insertNew(em, inserted);

    const tables = ['password_links', 'outbox_messages', 'audit_events'];
    for (const [i, table] of tables.entries()) {
      sameRow(await rowOf(em, table, flushed[i]!.id), await rowOf(em, table, inserted[i]!.id), ['user_id']);
    }
    expect((await rowOf(em, 'password_links', inserted[0]!.id)).user_id).toBe(insertedUser.id);
    const read = await sb.orm.em.fork().findOneOrFail(OutboxMessage, { id: inserted[1]!.id });
    expect(read.payload).toEqual({ name: 'Zoë "Q" O\'Neil', nested: { list: [1, 'two', null] } });
    expect(read).toMatchObject({ status: 'pending', attempts: 0, subjectId: null });
  });

  it('gives a value left unset what a flush gives it: its default, a first version', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const user = fullUser(acc, 'unset');
    const email = Object.assign(new OutboxMessage(), {
      kind: 'password-setup',
      recipient: 'unset@example.com',
      payload: {},
      nextAttemptAt: new Date(),
      createdAt: new Date(),
    });
    for (const key of ['state', 'administrator', 'version'] as const) delete (user as Partial<PortalUser>)[key];
    for (const key of ['status', 'attempts'] as const) delete (email as Partial<OutboxMessage>)[key];
    await insertNew(em, [user, email]);
    const read = sb.orm.em.fork();
    expect(await read.findOneOrFail(PortalUser, { id: user.id })).toMatchObject({
      state: 'enabled',
      administrator: false,
      version: 1,
    });
    expect(await read.findOneOrFail(OutboxMessage, { id: email.id })).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('keeps any text as given: quotes, question marks, placeholders, unicode', async () => {
    const em = sb.orm.em.fork();
    await fc.assert(
      fc.asyncProperty(
        // Any text but NUL, which PostgreSQL keeps in neither text nor JSON (a flush fails on it
        // too); the services refuse control characters in what people type (domain/user-fields.ts).
        fc.string({ unit: 'binary', maxLength: 60 }).map(withoutNul),
        fc.string({ maxLength: 30 }).map(withoutNul),
        async (text, key) => {
          const event = Object.assign(new AuditEvent(), {
            platform: 'slack',
            action: 'user.add',
            message: `${text} ? $1 '`,
            after: { [key]: text },
            createdAt: new Date(),
          });
          await insertNew(em, [event]);
          const read = await sb.orm.em.fork().findOneOrFail(AuditEvent, { id: event.id });
          expect(read.message).toBe(`${text} ? $1 '`);
          expect(read.after).toEqual({ [key]: text });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a taken unique key with MikroORM’s exception, which a change reports by its field', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    await insertNew(em, [fullUser(acc, 'taken')]);
    const again = insertNew(em, [
      Object.assign(fullUser(acc, 'taken'), { email: 'other@example.com', emailKey: 'other@example.com' }),
    ]);
    await expect(again).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    const error = await again.catch((caught: unknown) => caught);
    expect(translateError(error)).toMatchObject({ code: 'USER.DUPLICATE_ID', fields: [{ field: 'userId' }] });
  });

  it('writes in the transaction it is given: rolled back with it, nothing stays', async () => {
    const acc = await newAccount(sb);
    const user = fullUser(acc, 'rolledback');
    const rolledBack = sb.orm.em.fork().transactional(async (em) => {
      await insertNew(em, [user]);
      expect(await rowOf(em, 'portal_users', user.id)).toBeDefined();
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    const em = sb.orm.em.fork();
    expect(await rowOf(em, 'portal_users', user.id)).toBeUndefined();
    expect(await sitesOf(em, user.id)).toEqual([]);
  });

  it('refuses, before writing anything, an entity it cannot write as a flush would (an embeddable)', async () => {
    const Address = defineEntity({ name: 'Address', embeddable: true, properties: { city: p.string() } });
    const Office = defineEntity({
      name: 'Office',
      properties: { id: p.integer().primary(), address: () => p.embedded(Address) },
    });
    const orm = await MikroORM.init({ driver: SqliteDriver, dbName: ':memory:', entities: [Office, Address] });
    try {
      await orm.schema.create();
      const em = orm.em.fork();
      const office = em.create(Office, { id: 1, address: { city: 'Herndon' } }, { persist: false });
      await expect(insertNew(em, [office])).rejects.toThrow(
        'insertNew cannot write Office: it has the embedded address',
      );
      expect(await selectRows(em, sql`select * from office`)).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });

  it('throws what is not the database’s as it is', async () => {
    const broken = Object.assign(new AuditEvent(), { platform: 'slack', action: 'user.add', createdAt: new Date() });
    Object.defineProperty(broken, 'after', {
      get() {
        throw new TypeError('no after');
      },
    });
    await expect(insertNew(sb.orm.em.fork(), [broken as AnyEntity])).rejects.toThrow(TypeError);
  });
});
