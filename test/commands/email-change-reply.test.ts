import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** The commands as an Administrator types them, without approvals (they have tests of their own). */
async function adminContext(): Promise<CommandContext> {
  const acc = await newAccount(sb);
  return {
    deps: { ...sb.deps, settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: 'none' }) } },
    actor: acc.actor,
  };
}

async function saveEmail(ctx: CommandContext, user: string, email: string) {
  const opened = await runCommandLine(ctx, `user edit ${user}`);
  if (opened.kind !== 'form') throw new Error('expected the user edit form');
  return submitForm(ctx, 'user-edit', { ...opened.open.initial, email }, opened.open.metadata);
}

describe('user edit of an email: the reply says what happened to the links', () => {
  it('an invitee: the old link stopped working, a fresh invitation went to the new address', async () => {
    const ctx = await adminContext();
    const invited = await runCommandLine(ctx, 'invite jo.ann@exmaple.com --name "Jo Ann"');
    expect(invited).toMatchObject({ kind: 'reply', reply: { tone: 'success' } });
    const saved = await saveEmail(ctx, 'jo.ann@exmaple.com', 'jo.ann@example.com');
    const notice =
      'The link emailed to jo.ann@exmaple.com no longer works. A fresh invitation went to jo.ann@example.com; it expires 2026-12-02 10:00 UTC.';
    expect(saved).toMatchObject({
      ok: true,
      reply: { tone: 'success', summary: `Saved Jo Ann (jo.ann@exmaple.com). ${notice}` },
    });
    if (!saved.ok) return;
    expect(saved.reply.blocks[0]).toEqual({ type: 'text', text: `Saved Jo Ann (jo.ann@exmaple.com).\n${notice}` });
  });

  it('an edit that keeps the email says nothing about links', async () => {
    const ctx = await adminContext();
    const saved = await saveEmail(ctx, 'admin1', 'admin1@example.com');
    expect(saved).toMatchObject({ ok: true, reply: { summary: 'Saved Ada Admin (admin1).' } });
  });

  it('invite --name with a right-to-left override is refused like user add refuses it', async () => {
    const ctx = await adminContext();
    const refused = await runCommandLine(ctx, 'invite eve@example.com --name "Eve \u202Egpj.exe"');
    expect(refused).toMatchObject({ kind: 'reply', reply: { tone: 'error' } });
    expect(JSON.stringify(refused)).toContain('Last Name must not contain text-direction control characters');
  });
});
