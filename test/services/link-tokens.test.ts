import type { EntityData } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { LinkToken } from '../../src/domain/entities/link-token.js';
import { PasswordLink } from '../../src/domain/entities/password-link.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { hashToken } from '../../src/domain/tokens.js';
import { inviteUser } from '../../src/services/invitations/invitations.js';
import { mintLinkToken, type LinkKind } from '../../src/services/links/tokens.js';
import { addUser } from '../../src/services/users/profile.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** A new open link of `kind`: an invitation, or the password link of a user added with a setup email. */
async function openLink(kind: LinkKind, name: string): Promise<Invitation | PasswordLink> {
  const acc = await newAccount(sb);
  const email = `${name}@example.com`;
  const em = sb.orm.em.fork();
  if (kind === 'invitation') {
    const { id } = await inviteUser(sb.deps, acc.actor, { email });
    return em.findOneOrFail(Invitation, id);
  }
  const input = {
    userId: name,
    firstName: name,
    lastName: 'Example',
    email,
    phone: '+17035550100',
    sendSetupEmail: true,
  };
  await addUser(sb.deps, acc.actor, input);
  const user = await em.findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: name });
  return em.findOneOrFail(PasswordLink, { user });
}

const usedColumn = { invitation: { signupCompletedAt: new Date() }, password: { usedAt: new Date() } };

describe.each(['invitation', 'password'] as const)('a token for an email of a %s link', (kind) => {
  it('is stored by its hash, for the delivery, and says when the link expires', async () => {
    const link = await openLink(kind, `${kind}-open`);
    const minted = await mintLinkToken(sb.deps, kind, link.id, { outboxId: link.id, attempt: 2 });
    expect(minted!.expiresAt).toEqual(link.expiresAt);
    expect(minted!.tokenHash).toBe(hashToken(minted!.token));
    const row = await sb.orm.em.fork().findOneOrFail(LinkToken, { tokenHash: minted!.tokenHash });
    expect(row).toMatchObject({ outboxMessageId: link.id, attempt: 2, createdAt: sb.clock.now() });
    expect((kind === 'invitation' ? row.invitation : row.passwordLink)?.id).toBe(link.id);
  });

  it.each([
    ['revoked', () => ({ revokedAt: new Date() })],
    ['used', () => usedColumn[kind]],
    ['expired', (link: Invitation | PasswordLink) => ({ expiresAt: link.createdAt })],
  ])('is not minted once the link is %s, and nothing is stored', async (state, change) => {
    const link = await openLink(kind, `${kind}-${state}`);
    const em = sb.orm.em.fork();
    if (kind === 'invitation')
      await em.nativeUpdate(Invitation, { id: link.id }, change(link) as EntityData<Invitation>);
    else await em.nativeUpdate(PasswordLink, { id: link.id }, change(link) as EntityData<PasswordLink>);
    expect(await mintLinkToken(sb.deps, kind, link.id)).toBeNull();
    const where = kind === 'invitation' ? { invitation: link.id } : { passwordLink: link.id };
    expect(await sb.orm.em.fork().count(LinkToken, where)).toBe(0);
  });

  it('is not minted for a link that does not exist', async () => {
    expect(await mintLinkToken(sb.deps, kind, '0190d6d5-0000-7000-8000-000000000000')).toBeNull();
  });
});
