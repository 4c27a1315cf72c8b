import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/console/session.js';
import { ApprovalRequest } from '../../src/domain/entities/approval-request.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import type { Actor } from '../../src/services/context.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { ScriptedIO, type Answer } from './support/scripted-io.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** A console session of `actor` that types `lines` and exits; returns what it showed. */
async function typed(actor: Actor & { name: string; userId: string; administrator: boolean }, lines: Answer[]) {
  const io = new ScriptedIO([...lines, 'exit']);
  const session = new ConsoleSession({
    ctx: { deps: sb.deps, actor: { userId: actor.userId, platform: 'console' } },
    io,
    identity: { userId: actor.name, name: actor.name, account: 'Grants', administrator: actor.administrator },
    logger: sb.deps.logger,
    logFile: 'data/switchboard.log',
  });
  await session.run();
  return io.transcript;
}

describe('time-boxed access from the console', () => {
  it('a regular user requests, an Administrator approves by id, the user sees and revokes their grant', async () => {
    const acc = await newAccount(sb, 'Grants');
    const { user: rita } = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
    const asRita = { userId: rita.id, platform: 'console' as const, name: 'rita', administrator: false };
    const asAdmin = { userId: acc.admin.id, platform: 'console' as const, name: 'admin1', administrator: true };
    const orders = async () =>
      (await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'rita' })).orders;

    const asked = await typed(asRita, ['request orders:manage for 30m --reason "month-end orders"']);
    expect(asked).toMatch(/Waiting for approval: a request for access goes to an Administrator\./);
    expect(asked).toMatch(/You will be told when it is decided; it expires in \d+ hours\./);
    expect(asked).toMatch(/give\s+one\s+its\s+id,\s+[0-9a-f]{8}\./);
    expect(asked).not.toMatch(/approvals\s+(approve|deny)/);
    const request = await sb.orm.em.fork().findOneOrFail(ApprovalRequest, { account: acc.account.id });
    expect(await orders()).toBe('view');
    const waiting = await typed(asRita, ['grants']);
    expect(waiting).toMatch(/No active grants\./);
    expect(waiting).toMatch(/orders:manage for 30m: waiting for approval since/);

    const own = await typed(asRita, [`approvals approve ${request.id}`]);
    expect(own).toMatch(/Only portal Administrators can decide approval requests/);
    const approved = await typed(asAdmin, [`approvals approve ${request.id}`]);
    expect(approved).toMatch(/carried out|done/i);
    expect(await orders()).toBe('manage');

    const listed = await typed(asRita, ['grants']);
    expect(listed).toMatch(/orders:manage/);
    expect(listed).toMatch(/month-end\s+orders/);
    const shortId = /\b([0-9a-f]{8})\b.*orders:manage/.exec(listed)?.[1];
    expect(shortId).toBeDefined();
    const revoked = await typed(asRita, [`revoke ${shortId}`]);
    expect(revoked).toMatch(/Revoked orders:manage of rita/);
    expect(await orders()).toBe('view');
  });

  it('a reply with detail shows its main message first: a request without a reason, a second approval', async () => {
    const acc = await newAccount(sb, 'Grants again');
    const { user: rita } = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
    const asRita = { userId: rita.id, platform: 'console' as const, name: 'rita', administrator: false };
    const asAdmin = { userId: acc.admin.id, platform: 'console' as const, name: 'admin1', administrator: true };

    const noReason = await typed(asRita, ['request orders:manage for 30m']);
    expect(noReason).toMatch(
      /> request orders:manage for 30m\nSay why you need it: add --reason "\.\.\."\n\nFor example: /,
    );

    await typed(asRita, ['request orders:manage for 30m --reason "month-end orders"']);
    const request = await sb.orm.em.fork().findOneOrFail(ApprovalRequest, { account: acc.account.id });
    await typed(asAdmin, [`approvals approve ${request.id}`]);
    const again = await typed(asAdmin, [`approvals approve ${request.id}`]);
    const answer = again.slice(again.indexOf(`approve ${request.id}\n`) + `approve ${request.id}\n`.length);
    // The message first, marked; then the request's card, whose own text is not marked.
    expect(answer).toMatch(/^✗ Already decided by [^:]+: executed\. Nothing changed\.\n\nApproved and done: /);
    expect(answer.match(/✗/g)).toHaveLength(1);
  });
});
