import { ApprovalEvents } from '../../src/services/approvals/events.js';
import { ReviewEvents } from '../../src/services/reviews/events.js';
import { ImportEvents } from '../../src/services/imports/events.js';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/orm.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { newToken } from '../../src/domain/tokens.js';
import { createLogger } from '../../src/lib/logger.js';
import type { ServiceDeps } from '../../src/services/context.js';
import { acceptInvitation } from '../../src/services/links/completion.js';
import { describeLink } from '../../src/services/links/tokens.js';
import { testDatabaseKind } from '../support/database.js';
import { restoreFixture } from './support/upgrade-fixture.js';

const kind = testDatabaseKind();
const invitationToken = newToken();
const resetToken = newToken();

let scratch: { database: DatabaseConfig; drop(): Promise<void> };
let orm: MikroORM;
let deps: ServiceDeps;

/**
 * The 0.1.0 database as it is once that release has sent its two emails: each link's one token
 * hash on the link's own row. Then this release opens it, which applies the new migrations.
 */
beforeAll(async () => {
  scratch = await createScratchDatabase(kind.driver === 'sqlite' ? { driver: 'sqlite', path: 'unused' } : kind);
  await restoreFixture(scratch.database);
  const old = await openDatabase(scratch.database, { migrate: false });
  const connection = old.em.getConnection();
  expect(
    await connection.execute('update invitations set token_hash = ?', [invitationToken.hash], 'run'),
  ).toMatchObject({ affectedRows: 1 });
  expect(await connection.execute('update password_links set token_hash = ?', [resetToken.hash], 'run')).toMatchObject({
    affectedRows: 1,
  });
  await old.close(true);
  orm = await openDatabase(scratch.database);
  // a day after the fixture was made: both links are still open
  deps = {
    orm,
    clock: { now: () => new Date('2026-11-28T21:25:00Z') },
    logger: createLogger('silent'),
    approvalEvents: new ApprovalEvents(createLogger('silent')),
    reviewEvents: new ReviewEvents(createLogger('silent')),
    importEvents: new ImportEvents(createLogger('silent')),
    settings: { inviteTtlMs: 1, resetTtlMs: 1, publicBaseUrl: 'http://x' },
  };
});
afterAll(async () => {
  await orm?.close(true);
  await scratch?.drop();
});

describe(`links mailed by release 0.1.0 (${kind.driver})`, () => {
  it('still open after the upgrade: their token hashes moved to link_tokens', async () => {
    expect(await describeLink(deps, 'invitation', invitationToken.token)).toMatchObject({
      email: 'jo.ann@example.com',
      purpose: 'signup',
    });
    expect(await describeLink(deps, 'password', resetToken.token)).toMatchObject({
      email: 'kyle.johnson@example.com',
      purpose: 'reset',
    });
    const rows = await orm.em.fork().find(LinkToken, {}, { orderBy: { tokenHash: 'asc' } });
    expect(rows.map((row) => row.tokenHash).sort()).toEqual([invitationToken.hash, resetToken.hash].sort());
    expect(rows.every((row) => row.outboxMessageId === null && row.attempt === null)).toBe(true);
    await expect(
      acceptInvitation(deps, { token: invitationToken.token, password: 'amber falcon crosses the tidal bridge' }),
    ).resolves.toMatchObject({ state: 'enabled' });
  });
});
