import { wrap } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { ServiceError } from '../../src/domain/errors.js';
import { loadActor } from '../../src/services/load-actor.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

describe('the acting user, loaded for a change', () => {
  it('is the managed entity findOne would give: every column, the account loaded, changes flushed', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const actor = await loadActor(em, acc.actor);
    const found = await sb.orm.em.fork().findOneOrFail(PortalUser, acc.admin.id, { populate: ['account'] });
    expect(wrap(actor).toObject()).toEqual(wrap(found).toObject());
    expect(actor.account.name).toBe(acc.account.name);
    expect(actor.createdAt).toBeInstanceOf(Date);
    expect(actor.administrator).toBe(true);
    expect(em.getUnitOfWork().getById(PortalUser, acc.admin.id)).toBe(actor);
    expect(await loadActor(em, acc.actor), 'the same entity manager: the same entity').toBe(actor);
    actor.label = 'Renamed by a test';
    await em.flush();
    const reread = await sb.orm.em.fork().findOneOrFail(PortalUser, acc.admin.id);
    expect(reread.label).toBe('Renamed by a test');
    expect(reread.version, 'one update, versioned as usual').toBe(found.version + 1);
  });

  it('a user the entity manager already holds is taken as it is, its account loaded', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const held = em.getReference(PortalUser, acc.admin.id);
    await em.refresh(held);
    const actor = await loadActor(em, acc.actor);
    expect(actor).toBe(held);
    expect(actor.account.name).toBe(acc.account.name);
  });

  it('anyone but an enabled portal user is refused', async () => {
    const acc = await newAccount(sb);
    const { actor: disabled } = await addActor(sb, acc, { userId: 'dis', email: 'dis@example.com', state: 'disabled' });
    for (const who of [disabled, { userId: '00000000-0000-4000-8000-000000000000', platform: 'slack' as const }]) {
      const refusal = await loadActor(sb.orm.em.fork(), who).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ServiceError);
      expect((refusal as ServiceError).code).toBe('AUTH.NOT_PORTAL_USER');
    }
  });
});
