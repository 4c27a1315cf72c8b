import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { addActor } from '../support/switchboard.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
let stamps = 0;
beforeAll(async () => {
  h = await SlackHarness.start();
  h.fake.answer('chat.postMessage', (args) => ({
    ok: true,
    channel: args.channel,
    ts: `18200${String(++stamps).padStart(5, '0')}.000100`,
  }));
});
afterAll(async () => h?.close());

const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('an access review in Slack', () => {
  it('cards in the approvals channel, one click each, the card updated for everyone, the report when it closes', async () => {
    const { acc, person: ada, userId: adaId } = await h.admin();
    const tag = Date.now().toString(36);
    await addActor(h.sb, acc, { userId: 'bea', email: `bea-${tag}@example.com`, firstName: 'Bea', lastName: 'Second' });
    const bea = h.person(`bea-${tag}@example.com`);
    const channel = `C0REVIEW${tag.toUpperCase()}`;
    await h.ask(bea, 'approvals here', channel);

    const started = await h.ask(ada, 'review start admin --due 3d');
    expect(started.text).toMatch(/Started access review [0-9a-f]{8} of admin: 3 holders/);
    const posted = () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);
    // A header, then one card per holder, each with Keep and Revoke.
    expect(posted()).toHaveLength(4);
    expect(String(posted()[0]!.args.text)).toMatch(/Access review [0-9a-f]{8} of admin/);
    const cardOf = (userId: string) => posted().find((c) => String(c.args.text).includes(`(${userId})`))!;
    const beaCard = cardOf('bea');
    expect(buttons(beaCard.args.blocks as any[]).map((b: any) => b.text.text)).toEqual(['Keep', 'Revoke']);

    // Bea cannot decide her own access; Ada keeps it, and the card shows it for everyone.
    const keep = buttons(beaCard.args.blocks as any[]).find((b: any) => b.text.text === 'Keep');
    await h.click(bea, keep, { channel, messageTs: String(beaCard.result!.ts) });
    await h.settle();
    expect(h.fake.callsOf('chat.update')).toHaveLength(0);
    await h.click(ada, keep, { channel, messageTs: String(beaCard.result!.ts) });
    await h.settle();
    const updated = h.fake.callsOf('chat.update').filter((c) => c.args.ts === beaCard.result!.ts);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.args.channel).toBe(channel);
    expect(JSON.stringify(updated[0]!.args.blocks)).toMatch(/Kept by Sam Slack/);
    expect(buttons(updated[0]!.args.blocks as any[])).toEqual([]);

    // Revoking admin1 (not the last Administrator) lowers it at once.
    const adminCard = cardOf('admin1');
    const revoke = buttons(adminCard.args.blocks as any[]).find((b: any) => b.text.text === 'Revoke');
    expect(revoke.confirm.title.text).toBe('Revoke admin?');
    await h.click(bea, revoke, { channel, messageTs: String(adminCard.result!.ts) });
    await h.settle();
    const admin1 = await h.sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'admin1' });
    expect(admin1.administrator).toBe(false);

    const id = /access review ([0-9a-f]{8})/.exec(started.text)![1]!;
    await h.ask(bea, `review close ${id}`);
    const report = posted().at(-1)!;
    expect(String(report.args.text)).toMatch(/closed by Bea Second \(bea\): 1 kept, 1 revoked, 1 unanswered\./);
    // The card nobody answered says so, with no buttons left.
    const last = h.fake
      .callsOf('chat.update')
      .filter((c) => c.args.ts === cardOf(adaId).result!.ts)
      .at(-1)!;
    expect(JSON.stringify(last.args.blocks)).toContain('Unanswered when the review closed.');
  });
});
