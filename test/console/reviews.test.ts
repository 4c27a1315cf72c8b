import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completerFor, ConsoleSession } from '../../src/console/session.js';
import { AccessReviewItem } from '../../src/domain/entities/access-review-item.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
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
async function typed(actor: Actor & { name: string }, lines: Answer[]) {
  const io = new ScriptedIO([...lines, 'exit']);
  const session = new ConsoleSession({
    ctx: { deps: sb.deps, actor: { userId: actor.userId, platform: 'console' } },
    io,
    identity: { userId: actor.name, name: actor.name, account: 'Reviews', administrator: true },
    logger: sb.deps.logger,
    logFile: 'data/switchboard.log',
  });
  await session.run();
  // One line: the console wraps long lines at its width.
  return io.transcript.replace(/\s+/g, ' ');
}

/** The commands a transcript offers to type for a holder's item (`try: review keep <id> (Keep)`). */
const offered = (transcript: string, verb: 'keep' | 'revoke') =>
  [...transcript.matchAll(new RegExp(`review ${verb} ([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!);

describe('an access review from the console', () => {
  it('review start admin lists the items to answer; they are answered by typing; review close reports', async () => {
    const acc = await newAccount(sb, 'Reviews');
    const { user: ada2 } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const asAdmin = { userId: acc.admin.id, platform: 'console' as const, name: 'admin1' };
    const asSecond = { userId: ada2.id, platform: 'console' as const, name: 'admin2' };

    const started = await typed(asAdmin, ['review start admin --due 2d']);
    expect(started).toMatch(/Started access review [0-9a-f]{8} of admin: 2 holders to keep or revoke by/);
    expect(started).toMatch(/Ada Admin \(admin1\), admin1@example.com, holds admin/);
    expect(started).toMatch(/Your own access: another Administrator decides it\./);
    // Only admin2's item has the commands to answer it, for admin1.
    const keeps = offered(started, 'keep');
    expect(keeps).toHaveLength(1);
    expect(offered(started, 'revoke')).toEqual(keeps);
    const admin2Item = await sb.orm.em.fork().findOneOrFail(AccessReviewItem, { holder: ada2.id });
    expect(keeps[0]).toBe(admin2Item.id);
    const reviewId = /Started access review ([0-9a-f]{8})/.exec(started)![1]!;

    const again = await typed(asAdmin, ['review start admin']);
    expect(again).toMatch(/A review of admin is open already/);
    const bad = await typed(asAdmin, ['review start admin --due soon', 'review start root']);
    expect(bad).toMatch(/Give --due as a duration such as 7d or 30d \(at most 90d\), not "soon"/);
    expect(bad).toMatch(/"root" is not a permission; give one of admin, invoices:view/);

    const kept = await typed(asAdmin, [`review keep ${keeps[0]!.slice(0, 8)}`]);
    expect(kept).toMatch(/Kept admin of admin2\./);
    expect(kept).toMatch(/Kept by Ada Admin \(admin1\) at/);
    expect(kept).toMatch(/1 kept, 0 revoked, 1 unanswered/);
    const twice = await typed(asSecond, [`review keep ${keeps[0]}`]);
    expect(twice).toMatch(/This item is your own admin access: another Administrator decides whether you keep it\./);
    const clickedAgain = await typed(asAdmin, [`review revoke ${keeps[0]}`]);
    expect(clickedAgain).toMatch(/Ada Admin \(admin1\) already decided to keep admin2's admin at .*; nothing changed/);

    // Tab completes what can still be answered: admin2 may decide admin1's item only, and close the review.
    const complete = (actor: Actor, line: string) =>
      new Promise<[string[], string]>((resolve, reject) => {
        const ctx = { deps: sb.deps, actor: { userId: actor.userId, platform: 'console' as const } };
        completerFor(ctx)(line, (error, result) => (error ? reject(error) : resolve(result!)));
      });
    const admin1Item = await sb.orm.em.fork().findOneOrFail(AccessReviewItem, { holder: acc.admin.id });
    expect(await complete(asSecond, 'review revoke ')).toEqual([[`${admin1Item.id.slice(0, 8)} `], '']);
    expect(await complete(asAdmin, 'review keep ')).toEqual([[], '']);
    expect(await complete(asSecond, `review close ${reviewId.slice(0, 2)}`)).toEqual([
      [`${reviewId} `],
      reviewId.slice(0, 2),
    ]);

    const listed = await typed(asSecond, ['review', `review ${reviewId}`]);
    expect(listed).toMatch(/Open access reviews/);
    expect(listed).toMatch(new RegExp(`${reviewId}\\s+admin`));
    // admin2 sees admin1's item with the commands to answer it.
    expect(offered(listed, 'keep')).toHaveLength(1);

    // admin3 became an Administrator while the review was open: listed apart in the report.
    await addActor(sb, acc, { userId: 'admin3', email: 'admin3@example.com' });
    const closed = await typed(asSecond, [`review close ${reviewId}`, 'review']);
    expect(closed).toMatch(
      /closed by Test User \(admin2\): 1 kept, 0 revoked, 1 unanswered\. admin3 gained admin since it started \(not reviewed\)\./,
    );
    expect(closed).toMatch(/Gained admin since the review started, so not reviewed: 1 user\. Start another review/);
    expect(closed).toMatch(/admin3 Test User admin3@example.com Administrator/);
    expect(closed).toMatch(/admin2 Test User admin2@example.com Administrator kept Ada Admin/);
    expect(closed).toMatch(/admin1 Ada Admin admin1@example.com Administrator unanswered - -/);
    expect(closed).toMatch(/No access review is open/);
    const audit = await sb.orm.em.fork().find(AuditEvent, { accountId: acc.account.id, action: 'review.close' });
    expect(audit.map((a) => [a.outcome, a.platform])).toEqual([['success', 'console']]);
    const admins = await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, administrator: true });
    expect(admins).toBe(3);
  });
});
