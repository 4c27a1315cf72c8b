import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allCommands,
  findCommand,
  registeredForms,
  runCommandLine,
  submitForm,
  type CommandContext,
} from '../../commands/index.js';
import { parseArgs, tokenize } from '../../commands/parse.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import type { Reply } from '../../views/reply.js';
import { MAX_TITLE } from '../../views/form.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

let lastAccount: TestAccount;
/** These tests are about the commands themselves; approvals get their own below. */
async function adminContext(): Promise<CommandContext> {
  lastAccount = await newAccount(sb);
  return {
    deps: { ...sb.deps, settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: 'none' }) } },
    actor: lastAccount.actor,
  };
}

async function replyTo(ctx: CommandContext, line: string): Promise<Reply> {
  const result = await runCommandLine(ctx, line, { prefix: '/portal ' });
  expect(result.kind, `${line} should answer with a reply`).toBe('reply');
  return (result as { reply: Reply }).reply;
}

const text = (reply: Reply) => JSON.stringify(reply);

describe('command line parsing', () => {
  it('groups quoted words, keeps escapes, and reads --flags', () => {
    expect(tokenize('invite  jo@example.com --name "Jo Ann Lee" --role=support')).toEqual([
      'invite',
      'jo@example.com',
      '--name',
      'Jo Ann Lee',
      '--role=support',
    ]);
    expect(tokenize('users \u201cAlex Stewart\u201d')).toEqual(['users', 'Alex Stewart']);
    expect(tokenize("users 'it\\'s'")).toEqual(['users', "it's"]);
    expect(tokenize('users ""')).toEqual(['users', '']);
    expect(() => tokenize('users "open')).toThrow(/Unclosed " quote/);
    expect(parseArgs(['a', '--role', 'admin', '--x', '--name=Jo', 'b'])).toEqual({
      positional: ['a', 'b'],
      flags: { role: 'admin', x: true, name: 'Jo' },
    });
  });

  it('finds the longest matching command', () => {
    expect(findCommand(['invite', 'cancel', 'x'])?.words).toEqual(['invite', 'cancel']);
    expect(findCommand(['INVITE', 'x@example.com'])?.words).toEqual(['invite']);
    expect(findCommand(['user', 'frobnicate'])).toBeUndefined();
  });
});

describe('commands', () => {
  it('help lists every command; unknown commands and bad arguments answer with usage', async () => {
    const ctx = await adminContext();
    const help = await replyTo(ctx, 'help');
    for (const command of allCommands()) expect(text(help)).toContain(command.words.join(' '));
    expect(text(await replyTo(ctx, 'help user add'))).toContain('User ID, User Label');
    expect(await replyTo(ctx, 'frobnicate')).toMatchObject({
      tone: 'error',
      summary: 'Unknown command "frobnicate". Type /portal help for the list.',
    });
    expect(await replyTo(ctx, 'user show')).toMatchObject({
      tone: 'error',
      summary: 'Give one user: a User ID, an email or a mention. Usage: /portal user show <user>',
    });
    expect((await replyTo(ctx, 'users --page zero')).summary).toMatch(/^--page needs a page number/);
    expect((await replyTo(ctx, 'invite a@example.com --colour red')).summary).toMatch(
      /^Unknown option --colour; options: --role, --name/,
    );
    expect((await replyTo(ctx, 'users "unclosed')).summary).toMatch(/Unclosed/);
  });

  it('users lists the account like the portal table, and user show gives one user', async () => {
    const ctx = await adminContext();
    const list = await replyTo(ctx, 'users enabled');
    expect(list.blocks).toContainEqual(
      expect.objectContaining({
        type: 'table',
        columns: ['Name', 'User ID', 'Label', 'State', 'Admin', 'Invoices', 'Orders', 'Services', 'Tickets', 'Role'],
        rows: [['Ada Admin', 'admin1', 'admin1', 'enabled', 'yes', '', '', '', '', 'Admin']],
      }),
    );
    const show = await replyTo(ctx, 'user show ADMIN1@example.com');
    expect(show.blocks).toContainEqual(
      expect.objectContaining({
        type: 'fields',
        fields: expect.arrayContaining([{ label: 'Email', value: 'admin1@example.com' }]),
      }),
    );
    expect((await replyTo(ctx, 'user show nobody')).tone).toBe('error');
  });

  it('user add opens its form; a submission with a bad field comes back by field; a good one adds the user', async () => {
    const ctx = await adminContext();
    const result = await runCommandLine(ctx, 'user add');
    expect(result.kind).toBe('form');
    if (result.kind !== 'form') return;
    expect(result.open.form.id).toBe('user-add');
    expect(result.open.choices.sites?.map((c) => c.value)).toEqual(['3418205', '3992460']);
    const values = {
      userId: 'lee',
      label: 'Lee',
      firstName: 'Lee',
      lastName: 'Park',
      email: 'lee@example.com',
      phone: '7035550100',
      role: 'support',
      sites: ['3992460'],
      sendSetupEmail: true,
    };
    const bad = await submitForm(ctx, 'user-add', values, result.open.metadata);
    expect(bad).toMatchObject({
      ok: false,
      errors: [{ field: 'phone', message: expect.stringMatching(/country code/) }],
    });
    const good = await submitForm(ctx, 'user-add', { ...values, phone: '+1 703 555 0100' }, result.open.metadata);
    expect(good).toMatchObject({
      ok: true,
      reply: {
        tone: 'success',
        summary: 'Added Lee Park (lee). A password setup email is on its way to lee@example.com.',
      },
    });
    const again = await submitForm(ctx, 'user-add', { ...values, phone: '+1 703 555 0100' }, result.open.metadata);
    expect(again).toMatchObject({ ok: false, errors: [{ field: 'userId' }] });
    expect(await sb.orm.em.fork().count(PortalUser, { userIdKey: 'lee' })).toBe(1);
  });

  it("user edit carries the version it showed: a save over someone else's change is refused", async () => {
    const ctx = await adminContext();
    const opened = await runCommandLine(ctx, 'user edit admin1');
    if (opened.kind !== 'form') throw new Error('expected a form');
    expect(opened.open.initial).toMatchObject({ userId: 'admin1', email: 'admin1@example.com' });
    await runCommandLine(ctx, 'user permissions admin1');
    const first = await submitForm(
      ctx,
      'user-edit',
      { ...opened.open.initial, lastName: 'Lovelace' },
      opened.open.metadata,
    );
    expect(first.ok).toBe(true);
    const second = await submitForm(
      ctx,
      'user-edit',
      { ...opened.open.initial, firstName: 'Augusta' },
      opened.open.metadata,
    );
    expect(second).toMatchObject({ ok: false, message: expect.stringMatching(/changed by someone else/) });
  });

  it('permissions form saves field by field; demoting the last Administrator is refused with a message', async () => {
    const ctx = await adminContext();
    const opened = await runCommandLine(ctx, 'user permissions admin1');
    if (opened.kind !== 'form') throw new Error('expected a form');
    const refused = await submitForm(
      ctx,
      'user-permissions',
      { ...opened.open.initial, administrator: false },
      opened.open.metadata,
    );
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/last enabled Administrator/) });
    const bad = await submitForm(
      ctx,
      'user-permissions',
      { ...opened.open.initial, invoices: 'manage' },
      opened.open.metadata,
    );
    expect(bad).toMatchObject({ ok: false, errors: [{ field: 'invoices' }] });
  });

  it('invite, invites, reinvite, invite cancel, reset-password and the state commands', async () => {
    const ctx = await adminContext();
    expect((await replyTo(ctx, 'invite pat@example.com --role support --name "Pat Q Public"')).summary).toMatch(
      /^Invited pat@example.com as support/,
    );
    const invites = await replyTo(ctx, 'invites');
    expect(invites.blocks).toContainEqual(
      expect.objectContaining({
        type: 'table',
        rows: [
          expect.arrayContaining(['pat@example.com', 'Pat Q Public', 'Support', 'pending', 'pending', 'no', 'no']),
        ],
      }),
    );
    expect((await replyTo(ctx, 'reinvite pat@example.com')).summary).toMatch(
      /^Sent a new invitation to pat@example.com/,
    );
    expect((await replyTo(ctx, 'invite cancel pat@example.com')).summary).toBe(
      'Cancelled the invitation of pat@example.com; the link no longer works.',
    );
    expect((await replyTo(ctx, 'invite bad-email')).summary).toMatch(/Email is not a valid address/);
    const form = await runCommandLine(ctx, 'invite --role admin');
    expect(form).toMatchObject({ kind: 'form', open: { form: { id: 'invite' }, initial: { role: 'admin' } } });

    await addActor(sb, lastAccount, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    expect((await replyTo(ctx, 'user reset-password quinn admin1')).summary).toBe(
      'Sent a password reset link to quinn (quinn@example.com), admin1 (admin1@example.com).',
    );
    expect(
      await sb.orm.em.fork().count(OutboxMessage, { kind: 'password-reset', recipient: 'quinn@example.com' }),
    ).toBe(1);
    expect((await runCommandLine(ctx, 'user reset-password')).kind).toBe('form');
    expect((await replyTo(ctx, 'user disable quinn')).summary).toBe(
      'Disabled Test User (quinn); their open links no longer work.',
    );
    expect((await replyTo(ctx, 'user enable quinn')).summary).toBe('Enabled Test User (quinn).');
    expect((await replyTo(ctx, 'user delete quinn')).summary).toMatch(
      /^Deleted Test User \(quinn\)\. The record is kept/,
    );
    expect((await replyTo(ctx, 'user restore quinn')).summary).toMatch(/^Restored Test User \(quinn\) as disabled/);
    expect((await replyTo(ctx, 'user delete admin1')).summary).toBe(
      'You cannot delete yourself; ask another Administrator to do it.',
    );
    const audit = await replyTo(ctx, 'audit quinn');
    expect(text(audit)).toContain('user.restore');
  });

  it('mentions are resolved by the platform before the services see them', async () => {
    const base = await adminContext();
    const ctx: CommandContext = { ...base, resolveMention: async (token) => (token === '<@U1>' ? 'admin1' : null) };
    expect((await replyTo(ctx, 'user show <@U1>')).summary).toMatch(/\(admin1\)/);
  });
});

describe('approvals through the commands', () => {
  it("a delete waits for approval; `approvals` lists it; the requester cannot approve; another admin approves with the card's command", async () => {
    const acc = await newAccount(sb);
    const requester: CommandContext = { deps: sb.deps, actor: acc.actor };
    const { actor: second } = await addActor(sb, acc, {
      userId: 'admin2',
      email: 'admin2@example.com',
      firstName: 'Bea',
      lastName: 'Second',
    });
    const approver: CommandContext = {
      deps: sb.deps,
      actor: { ...second, platform: 'slack' },
      origin: { channel: 'C0APPROVALS' },
    };
    await addActor(sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    expect((await replyTo(approver, 'approvals here')).summary).toBe(
      'Approval requests from slack now go to this channel.',
    );
    const held = await replyTo(requester, 'user delete quinn');
    expect(held.summary).toMatch(
      /^Waiting for approval: deleting a user needs a second Administrator\. It has been posted to the approvals channel\./,
    );
    expect(held.effects).toEqual([
      {
        kind: 'approval-requested',
        approvalId: expect.any(String),
        channel: { platform: 'slack', channel: 'C0APPROVALS', extra: {} },
      },
    ]);
    const id = held.effects![0]!.approvalId;
    const list = await replyTo(approver, 'approvals');
    expect(list.blocks).toContainEqual(
      expect.objectContaining({
        type: 'actions',
        actions: expect.arrayContaining([expect.objectContaining({ command: `approvals approve ${id}` })]),
      }),
    );
    expect((await replyTo(requester, `approvals approve ${id}`)).summary).toBe(
      'You asked for this change, so another Administrator has to approve or deny it.',
    );
    const approved = await replyTo(approver, `approvals approve ${id}`);
    expect(approved).toMatchObject({
      tone: 'success',
      summary: 'Approved: Approved by Bea Second; done.',
      effects: [{ kind: 'approval-decided', approvalId: id }],
    });
    expect((await replyTo(approver, `approvals approve ${id}`)).summary).toBe(
      'Already decided by Bea Second: executed. Nothing changed.',
    );
    expect(
      await sb.orm.em.fork().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'quinn' }),
    ).toMatchObject({ state: 'deleted' });
  });

  it('deny without a reason opens a form that asks for it', async () => {
    const acc = await newAccount(sb);
    const requester: CommandContext = { deps: sb.deps, actor: acc.actor };
    const { actor: second } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
    const approver: CommandContext = { deps: sb.deps, actor: second };
    const held = await replyTo(requester, 'invite boss@example.com --role admin');
    const id = held.effects![0]!.approvalId;
    const form = await runCommandLine(approver, `approvals deny ${id}`);
    if (form.kind !== 'form') throw new Error('expected the deny form');
    expect(await submitForm(approver, 'approval-deny', { reason: '' }, form.open.metadata)).toMatchObject({
      ok: false,
      errors: [{ field: 'reason' }],
    });
    const denied = await submitForm(
      approver,
      'approval-deny',
      { reason: 'We hire admins through IT' },
      form.open.metadata,
    );
    expect(denied).toMatchObject({ ok: true, reply: { summary: 'Denied; the requester is told.' } });
    expect(await sb.orm.em.fork().count(PortalUser, { account: acc.account.id, emailKey: 'boss@example.com' })).toBe(0);
  });

  it('`approvals here` outside a chat channel says where to run it', async () => {
    const ctx = await adminContext();
    expect((await replyTo({ ...ctx, actor: { ...ctx.actor, platform: 'console' } }, 'approvals here')).summary).toMatch(
      /^Run `approvals here` in the Slack or Teams channel/,
    );
  });
});

describe('forms', () => {
  it("every form has a title within Slack's limit and unique field ids", () => {
    for (const form of registeredForms()) {
      expect(form.title.length, form.id).toBeLessThanOrEqual(MAX_TITLE);
      const ids = form.fields.map((f) => f.id);
      expect(new Set(ids).size, form.id).toBe(ids.length);
    }
    expect(registeredForms().map((f) => f.id)).toEqual(
      expect.arrayContaining(['user-add', 'user-edit', 'user-permissions', 'invite', 'user-reset-password']),
    );
  });
});
