import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalSweeper } from '../../src/app/approvals-sweeper.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src/domain/approval-policy.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Grant } from '../../src/domain/entities/grant.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { giveGrantOperation } from '../../src/services/grants/operations.js';
import { runOperation } from '../../src/services/run.js';
import { addActor } from '../support/switchboard.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
let stamps = 0;
beforeAll(async () => {
  h = await SlackHarness.start();
  h.sb.deps.settings.approvals = DEFAULT_APPROVAL_POLICY;
  h.fake.answer('chat.postMessage', (args) => ({
    ok: true,
    channel: args.channel,
    ts: `18000${String(++stamps).padStart(5, '0')}.000100`,
  }));
});
afterAll(async () => h?.close());

const MINUTE = 60_000;
const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** Moves the clock on by `ms` and runs the sweeper twice (a second sweep must tell nobody again). */
async function sweepTwiceAfter(ms: number): Promise<void> {
  const sweeper = new ApprovalSweeper(h.sb.deps, h.sb.deps.logger);
  h.sb.clock.advance(ms);
  for (const _ of [1, 2]) {
    await sweeper.runOnce();
    await h.settle();
  }
}

describe('time-boxed access in Slack', () => {
  it('a regular user asks, another Administrator approves from the card, it holds, and at its end it returns once with the user told', async () => {
    const { acc } = await h.admin();
    const tag = Date.now().toString(36);
    await addActor(h.sb, acc, { userId: 'bea', email: `bea-${tag}@example.com`, firstName: 'Bea', lastName: 'Second' });
    await addActor(
      h.sb,
      acc,
      { userId: 'quinn', email: `quinn-${tag}@example.com`, firstName: 'Quinn', lastName: 'Q' },
      'regular',
    );
    const bea = h.person(`bea-${tag}@example.com`);
    const quinn = h.person(`quinn-${tag}@example.com`);
    const channel = `C0GRANTS${tag.toUpperCase()}`;
    await h.ask(bea, 'approvals here', channel);
    const invoices = async () =>
      (await h.sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'quinn' })).invoices;

    const refused = await h.ask(quinn, 'request invoices:pay for 9h --reason "audit"');
    expect(refused.text).toMatch(/A grant lasts at most 8h \(GRANT_MAX\); ask for 8h or less/);
    const unknown = await h.ask(quinn, 'request invoices:everything --reason "audit"');
    expect(unknown.text).toMatch(/Give invoices a level: invoices:view or invoices:pay/);
    const tooShort = await h.ask(quinn, 'request invoices:pay for 30s --reason "audit"');
    expect(tooShort.text).toMatch(/A grant lasts at least 1m .*; ask for 1m or more, such as 30m or 1h 30m/);
    const noReason = await h.ask(quinn, 'request invoices:pay for 30m');
    expect(noReason.text).toMatch(/Say why you need it: add --reason/);

    const held = await h.ask(quinn, 'request invoices:pay for 30m --reason "month-end invoices"');
    expect(held.text).toMatch(/^Waiting for approval: a request for access goes to an Administrator\./);
    const card = h.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === channel)
      .at(-1)!;
    const shown = JSON.stringify(card.args.blocks);
    expect(shown).toContain('Access request');
    expect(shown).toContain('A request for access is decided by an Administrator other than the requester');
    expect(shown).toContain('invoices:pay for 30m');
    expect(shown).toContain('month-end invoices');
    expect(await invoices()).toBe('view');

    const approve = buttons(card.args.blocks as any[]).find((b: any) => b.text.text === 'Approve');
    const own = await h.click(quinn, approve, { channel, messageTs: String(card.result!.ts) });
    expect(own.status).toBe(200);
    await h.settle();
    expect(await invoices()).toBe('view');
    await h.click(bea, approve, { channel, messageTs: String(card.result!.ts) });
    await h.settle();
    expect(await invoices()).toBe('pay');
    const listed = await h.ask(quinn, 'grants');
    expect(JSON.stringify(listed.blocks)).toMatch(/invoices:pay/);

    const sweeper = new ApprovalSweeper(h.sb.deps, h.sb.deps.logger);
    h.sb.clock.advance(31 * MINUTE);
    await sweeper.runOnce();
    await h.settle();
    await sweeper.runOnce();
    await h.settle();
    expect(await invoices()).toBe('view');
    const told = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === quinn.id);
    const ends = told.filter((c) => String(c.args.text).includes('Your invoices:pay access has ended'));
    expect(ends).toHaveLength(1);
    expect(JSON.stringify(ends[0]!.args.blocks)).toContain('Ended on time; invoices:pay returned to view.');
    expect(
      await h.sb.orm.em
        .fork()
        .count(AuditEvent, { accountId: acc.account.id, action: 'grant.end', outcome: 'success' }),
    ).toBe(1);
  });

  it('the holder of a grant an Administrator gave is told once at its end, and of a revoke by someone else; not of their own', async () => {
    const { acc, person: ada } = await h.admin();
    const tag = `${Date.now().toString(36)}g`;
    await addActor(h.sb, acc, { userId: 'tess', email: `tess-${tag}@example.com` }, 'read-only');
    const tess = h.person(`tess-${tag}@example.com`);
    await h.ask(tess, 'grants');
    const grantOf = async (permission: string) =>
      (await h.sb.orm.em.fork().findOneOrFail(Grant, { account: acc.account.id, permission })).id;
    const toTess = (permission: string) =>
      h.fake
        .callsOf('chat.postMessage')
        .filter(
          (c) => c.args.channel === tess.id && String(c.args.text).includes(`Your ${permission} access has ended`),
        );

    const given = await h.ask(ada, 'grant tess tickets:manage for 30m');
    expect(given.text).toMatch(/Granted tickets:manage to tess/);
    await sweepTwiceAfter(31 * MINUTE);
    expect(toTess('tickets:manage')).toHaveLength(1);
    expect(JSON.stringify(toTess('tickets:manage')[0]!.args.blocks)).toContain(
      'Ended on time; tickets:manage returned to view.',
    );

    await h.ask(ada, 'grant tess orders:manage for 1h');
    const revoked = await h.ask(ada, `revoke ${await grantOf('orders:manage')}`);
    expect(revoked.text).toMatch(/Revoked orders:manage of tess/);
    await h.settle();
    expect(toTess('orders:manage')).toHaveLength(1);
    expect(JSON.stringify(toTess('orders:manage')[0]!.args.blocks)).toMatch(
      /has ended \(grant \w+\)\. Revoked by Sam Slack; orders:manage returned to view\./,
    );

    await h.ask(ada, 'grant tess invoices:pay for 1h');
    const own = await h.ask(tess, `revoke ${await grantOf('invoices:pay')}`);
    expect(own.text).toMatch(/Revoked invoices:pay of tess/);
    await h.settle();
    expect(toTess('invoices:pay')).toEqual([]);
  });

  it('the holder of a grant given from the console is told at its end in Slack, once', async () => {
    const { acc } = await h.admin();
    const tag = `${Date.now().toString(36)}c`;
    await addActor(h.sb, acc, { userId: 'cora', email: `cora-${tag}@example.com` }, 'read-only');
    const cora = h.person(`cora-${tag}@example.com`);
    await h.ask(cora, 'grants');
    const fromConsole = { ...acc.actor, platform: 'console' as const };
    const input = { user: 'cora', permission: 'tickets:manage', durationMs: 30 * MINUTE };
    const grant = await runOperation(h.sb.deps, fromConsole, giveGrantOperation, input);
    expect(grant.platform).toBe('console');
    await sweepTwiceAfter(31 * MINUTE);
    const told = h.fake
      .callsOf('chat.postMessage')
      .filter(
        (c) => c.args.channel === cora.id && String(c.args.text).includes('Your tickets:manage access has ended'),
      );
    expect(told).toHaveLength(1);
  });

  it('`request` alone opens the form: only permissions the user does not have, presets for how long, a reason', async () => {
    const { acc } = await h.admin();
    const tag = `${Date.now().toString(36)}f`;
    await addActor(h.sb, acc, { userId: 'ria', email: `ria-${tag}@example.com` }, 'regular');
    const ria = h.person(`ria-${tag}@example.com`);
    const opened = await h.openForm(ria, 'request');
    const shown = JSON.stringify(opened.view);
    expect(shown).toContain('Request access');
    expect(shown).toContain('invoices:pay');
    expect(shown).not.toContain('orders:manage');
    expect(shown).toContain('"30m"');
    const empty = await h.submit(ria, opened, { permission: 'invoices:pay', duration: '1h', reason: '' });
    expect(JSON.stringify(empty.body)).toContain('Say why you need it');
    const submitted = await h.submit(ria, opened, { permission: 'invoices:pay', duration: '1h', reason: 'audit' });
    expect(submitted.body).toBeNull();
    await h.settle();
    expect(h.fake.responsesTo(opened.responseId).map((r) => (r.body as any).text)).toEqual([
      expect.stringMatching(/^Waiting for approval: a request for access/),
    ]);
  });

  it("a request still pending is reminded in its card's thread after 1h, once per interval", async () => {
    const { acc } = await h.admin();
    const tag = `${Date.now().toString(36)}r`;
    await addActor(h.sb, acc, { userId: 'bo', email: `bo-${tag}@example.com` });
    await addActor(h.sb, acc, { userId: 'rex', email: `rex-${tag}@example.com` }, 'regular');
    const bo = h.person(`bo-${tag}@example.com`);
    const rex = h.person(`rex-${tag}@example.com`);
    const channel = `C0REMIND${tag.toUpperCase()}`;
    await h.ask(bo, 'approvals here', channel);
    await h.ask(rex, 'request tickets:manage for 2h --reason "incident"');
    await h.ask(rex, 'request fortinet:full for 1h --reason "sso"');
    const card = h.fake
      .callsOf('chat.postMessage')
      .filter((c) => c.args.channel === channel)
      .at(-1)!;
    const inThread = () =>
      h.fake
        .callsOf('chat.postMessage')
        .filter((c) => c.args.channel === channel && c.args.thread_ts === card.result!.ts);
    const sweeper = new ApprovalSweeper(h.sb.deps, h.sb.deps.logger);
    h.sb.clock.advance(59 * MINUTE);
    await sweeper.runOnce();
    await h.settle();
    expect(inThread()).toEqual([]);
    h.sb.clock.advance(2 * MINUTE);
    await sweeper.runOnce();
    await h.settle();
    await sweeper.runOnce();
    await h.settle();
    expect(inThread()).toHaveLength(1);
    expect(String(inThread()[0]!.args.text)).toMatch(
      /^Reminder: Access request rex, asked by Test User, has waited about 1 h/,
    );
    h.sb.clock.advance(2 * 60 * MINUTE);
    await sweeper.runOnce();
    await h.settle();
    expect(inThread()).toHaveLength(2);
  });

  it('the Home tab shows the user their grants running and requests waiting, with a button to ask', async () => {
    const { acc } = await h.admin();
    const tag = `${Date.now().toString(36)}h`;
    await addActor(h.sb, acc, { userId: 'hal', email: `hal-${tag}@example.com` }, 'regular');
    const hal = h.person(`hal-${tag}@example.com`);
    // Written as the app writes durations: `1h 30m`.
    await h.ask(hal, 'request invoices:pay for 1h 30m --reason "close the books"');
    await h.homeOpened(hal);
    await h.settle();
    const view = h.fake
      .callsOf('views.publish')
      .filter((c) => c.args.user_id === hal.id)
      .at(-1)!.args.view as any;
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('Your access');
    expect(shown).toMatch(/invoices:pay for 1h 30m: waiting for approval since/);
    const buttons = view.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((b: any) => b.value)).toContain('request');
  });
});
