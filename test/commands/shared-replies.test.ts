import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine } from '../../commands/index.js';
import type { Actor } from '../../src/services/context.js';
import { renderReply } from '../../src/slack/render-reply.js';
import { renderReplyCard } from '../../src/teams/cards/reply-card.js';
import { deepFreeze } from '../../src/lib/deep-freeze.js';
import { info, type Reply } from '../../views/reply.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function reply(actor: Actor, line: string, deps = sb.deps): Promise<Reply> {
  const result = await runCommandLine({ deps, actor }, line);
  if (result.kind !== 'reply') throw new Error(`${line}: expected a reply`);
  return result.reply;
}

/** The reply as a fresh, unfrozen copy: what rendering it anew gives. */
const copy = (r: Reply): Reply => structuredClone(r);

describe('a page of users read from the read cache is one reply, rendered once per platform', () => {
  it('is the same frozen reply for every admin of the account, with the card and message of a fresh rendering', async () => {
    const acc = await newAccount(sb);
    const other = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' }, 'admin');
    const mine = await reply(acc.actor, 'users');
    const theirs = await reply(other.actor, 'users');
    expect(theirs).toBe(mine);
    expect(Object.isFrozen(mine)).toBe(true);

    const card = renderReplyCard(mine, { audience: 'everyone' });
    expect(renderReplyCard(theirs, { audience: 'everyone' })).toBe(card);
    expect(Object.isFrozen(card)).toBe(true);
    expect(card).toEqual(renderReplyCard(copy(mine), { audience: 'everyone' }));
    const forRequester = renderReplyCard(mine, { audience: 'requester' });
    expect(forRequester).not.toBe(card);
    expect(forRequester).toEqual(renderReplyCard(copy(mine), { audience: 'requester' }));

    const message = renderReply(mine, 'private');
    expect(renderReply(theirs, 'private')).toBe(message);
    expect(message).toEqual(renderReply(copy(mine), 'private'));
    expect(renderReply(mine, 'private', 3)).toEqual(renderReply(copy(mine), 'private', 3));
  });

  it('is made again once the account changes, and shows the change', async () => {
    const acc = await newAccount(sb);
    const before = await reply(acc.actor, 'users');
    const card = renderReplyCard(before, { audience: 'requester' });
    await addActor(sb, acc, { userId: 'zed', email: 'zed@example.com', firstName: 'Zed' }, 'regular');
    const after = await reply(acc.actor, 'users');
    expect(after).not.toBe(before);
    expect(after.summary).toBe('2 users');
    const fresh = renderReplyCard(after, { audience: 'requester' });
    expect(fresh).not.toBe(card);
    expect(JSON.stringify(fresh)).toContain('Zed');
    expect(JSON.stringify(card)).not.toContain('Zed');
  });

  it('is a reply of its own for another question, and is not shared without the read cache', async () => {
    const acc = await newAccount(sb);
    const all = await reply(acc.actor, 'users');
    const enabled = await reply(acc.actor, 'users enabled');
    expect(enabled).not.toBe(all);
    expect(enabled.summary).toBe('1 enabled users');

    const uncached = { ...sb.deps, readCache: undefined };
    const first = await reply(acc.actor, 'users', uncached);
    const second = await reply(acc.actor, 'users', uncached);
    expect(second).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(false);
    expect(renderReplyCard(first, { audience: 'everyone' })).not.toBe(renderReplyCard(first, { audience: 'everyone' }));
  });

  it('never keeps the rendering of a reply holding a secret, frozen or not', () => {
    const secret = deepFreeze(
      info('Temporary password set', [
        { type: 'secret', label: 'Temporary password', value: 'Tq9-vX2m-Lp4', note: 'Shown once.' },
      ]),
    );
    const card = renderReplyCard(secret, { audience: 'requester' });
    expect(JSON.stringify(card)).toContain('Tq9-vX2m-Lp4');
    expect(renderReplyCard(secret, { audience: 'requester' })).not.toBe(card);
    expect(Object.isFrozen(card)).toBe(false);
    const message = renderReply(secret, 'private');
    expect(renderReply(secret, 'private')).not.toBe(message);
  });
});
