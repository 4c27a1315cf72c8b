import { ApprovalEvents } from '../../src/services/approvals/events.js';
import { ReviewEvents } from '../../src/services/reviews/events.js';
import { ImportEvents } from '../../src/services/imports/events.js';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/orm.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ChatIdentity } from '../../src/domain/entities/chat-identity.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { VoiceProfile } from '../../src/domain/entities/voice-profile.js';
import { listUsers } from '../../src/services/users/query.js';
import { enableUser } from '../../src/services/users/state.js';
import { createLogger } from '../../src/lib/logger.js';
import { testDatabaseKind } from '../support/database.js';
import { restoreFixture } from './support/upgrade-fixture.js';

/** A database written by release 0.1.0 (see support/upgrade-fixture.ts), opened and upgraded in place. */
const kind = testDatabaseKind();

let scratch: { database: DatabaseConfig; drop(): Promise<void> };
let orm: MikroORM;
let migrated: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase(kind.driver === 'sqlite' ? { driver: 'sqlite', path: 'unused' } : kind);
  await restoreFixture(scratch.database);
  orm = await openDatabase(scratch.database, { onMigrated: (names) => (migrated = names) });
});
afterAll(async () => {
  await orm?.close(true);
  await scratch?.drop();
});

describe(`a ${kind.driver} database written by release 0.1.0`, () => {
  it('keeps its migration history: nothing of 0.1.0 is applied again', async () => {
    const executed = (await orm.migrator.getExecuted()).map((m) => m.name);
    expect(executed.slice(0, 3)).toEqual([
      expect.stringMatching(/^Migration20261125071\d{3}_initial$/),
      expect.stringMatching(/^Migration20261125071834_voice$/),
      expect.stringMatching(/^Migration2026112507404\d_approvals$/),
    ]);
    expect(migrated.some((name) => /_(initial|voice|approvals)$/.test(name))).toBe(false);
    expect(await orm.migrator.getPending()).toEqual([]);
  });

  it('keeps every user with state, permissions, dates and version', async () => {
    const em = orm.em.fork();
    const users = await em.find(PortalUser, {}, { orderBy: { userIdKey: 'asc' } });
    expect(users.map((u) => `${u.userId}:${u.state}:${u.administrator}`)).toEqual([
      '7039351803@megapathvoice.com:enabled:false',
      'astewart:enabled:true',
      'bfisher:disabled:true',
      'cburns:enabled:true',
      'jo.ann@example.com:unconfirmed:false',
      'kjohnson:enabled:true',
      'Staku:enabled:true',
    ]);
    const jo = users.find((u) => u.userId === 'jo.ann@example.com')!;
    expect(jo).toMatchObject({
      firstName: 'Jo',
      lastName: 'Ann',
      services: 'manage',
      tickets: 'manage',
      invoices: 'hide',
    });
    expect(jo.createdAt).toBeInstanceOf(Date);
    expect(jo.createdAt.getTime()).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(users.find((u) => u.userId === 'bfisher')!.version).toBeGreaterThan(1);
  });

  it('keeps the invitation, the pending approval, the audit trail, the chat link and the voice users', async () => {
    const em = orm.em.fork();
    const invitation = await em.findOneOrFail(Invitation, { user: { userIdKey: 'jo.ann@example.com' } });
    expect(invitation.expiresAt.getTime()).toBeGreaterThan(invitation.createdAt.getTime());
    const approval = await em.findOneOrFail(ApprovalRequest, { operationName: 'user.delete' });
    expect(approval).toMatchObject({ state: 'pending', decisions: [], required: 1 });
    expect(approval.operationInput).toMatchObject({ user: 'cburns' });
    const actions = (await em.find(AuditEvent, {})).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'invite.create',
        'user.reset-password',
        'user.disable',
        'approval.request',
        'identity.link',
      ]),
    );
    expect(await em.count(ChatIdentity, { platform: 'slack', workspaceId: 'T0FIXTURE' })).toBe(1);
    expect(await em.count(VoiceProfile, {})).toBeGreaterThan(0);
  });

  it('serves the services as before: lists users, and a change writes and is read back', async () => {
    const admin = await orm.em.fork().findOneOrFail(PortalUser, { userIdKey: 'astewart' });
    const deps = {
      orm,
      clock: { now: () => new Date() },
      logger: createLogger('silent'),
      approvalEvents: new ApprovalEvents(createLogger('silent')),
      reviewEvents: new ReviewEvents(createLogger('silent')),
      importEvents: new ImportEvents(createLogger('silent')),
      settings: { inviteTtlMs: 1, resetTtlMs: 1, publicBaseUrl: 'http://x' },
    };
    const actor = { userId: admin.id, platform: 'console' as const };
    const page = await listUsers(deps, actor, { state: 'all' });
    expect(page.total).toBe(7);
    await enableUser(deps, actor, { user: 'bfisher' });
    const bfisher = await orm.em.fork().findOneOrFail(PortalUser, { userIdKey: 'bfisher' });
    expect(bfisher.state).toBe('enabled');
  });
});
