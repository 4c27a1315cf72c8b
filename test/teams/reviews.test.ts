import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import {
  actionsOf,
  cardText,
  executeActivity,
  invokeCard,
  startTeamsTest,
  type Member,
  type TeamsTest,
  type Where,
} from './support.js';
import { addPerson, inChannelOf, say as sayIn } from './people.js';

const APPROVALS = '19:review-approvals@thread.tacv2';

let t: TeamsTest;
let bea: Member;
beforeAll(async () => {
  t = await startTeamsTest();
  bea = await addPerson(t, 'bea');
});
afterAll(async () => t?.close());

const idle = () => t.bot.bot.state.background.idle();
const inChannel = (from: Member, messageId?: string): Where => inChannelOf(t, APPROVALS, from, messageId);
const say = (where: Where, text: string) => sayIn(t, where, text);

describe('an access review in Teams', () => {
  it('cards in the approvals channel with Keep and Revoke, a decision updating the card for everyone, the report', async () => {
    await say(inChannel(bea), 'approvals here');
    const before = t.connector.calls.length;
    await say({ connector: t.connector, from: t.admin }, 'review start admin --due 2d');
    const posts = t.connector.calls
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path.startsWith(`/v3/conversations/${APPROVALS}`));
    // The header, then a card per holder (Ada and Bea).
    expect(posts).toHaveLength(3);
    expect(cardText(posts[0]!.body)).toMatch(/Access review of admin/);
    const beaPost = posts.find((p) => cardText(p.body).includes('(admin2)'))!;
    const beaCard = beaPost.body.attachments[0].content;
    const keep = actionsOf(beaCard).find((a) => a.title === 'Keep')!;
    expect(keep).toMatchObject({ type: 'Action.Execute' });
    expect(actionsOf(beaCard).find((a) => a.title === 'Revoke')).toBeDefined();

    // Bea's own item: refused for her; Ada keeps it, and the posted card is updated for everyone.
    const own = invokeCard(await t.bot.post(executeActivity(inChannel(bea, 'm-bea'), keep)));
    expect(cardText(own)).toMatch(/This item is your own admin access: another Administrator decides/);
    await idle();
    const answered = invokeCard(await t.bot.post(executeActivity(inChannel(t.admin, 'm-bea'), keep)));
    expect(cardText(answered)).toMatch(/Kept admin of admin2/);
    await idle();
    const updates = t.connector.updated().filter((c) => c.path.startsWith(`/v3/conversations/${APPROVALS}`));
    expect(updates).toHaveLength(1);
    expect(cardText(updates[0]!.body)).toMatch(/Kept by Ada Admin \(admin1\)/);
    expect(actionsOf(updates[0]!.body.attachments[0].content).filter((a) => a.title === 'Keep')).toEqual([]);
    const admin2 = await t.sb.orm.em
      .fork()
      .findOneOrFail(PortalUser, { account: t.acc.account.id, userIdKey: 'admin2' });
    expect(admin2.administrator).toBe(true);

    const id = /Access review ([0-9a-f]{8})/.exec(cardText(posts[0]!.body))![1]!;
    await say({ connector: t.connector, from: bea }, `review close ${id}`);
    const report = t.connector.postedTo(APPROVALS).at(-1)!;
    expect(cardText(report)).toMatch(/closed by Bea Second \(admin2\): 1 kept, 0 revoked, 1 unanswered\./);
  });
});
