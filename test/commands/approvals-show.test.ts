import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, type CommandContext } from '../../commands/index.js';
import { completerFor } from '../../src/console/session.js';
import { fieldLabel } from '../../views/replies/approval-card.js';
import type { Reply } from '../../views/reply.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function replyTo(ctx: CommandContext, line: string): Promise<Reply> {
  const result = await runCommandLine(ctx, line);
  expect(result.kind, line).toBe('reply');
  return (result as { reply: Reply }).reply;
}

/** An account whose first Administrator, at the console, asked to delete quinn. */
async function heldAtConsole() {
  const acc = await newAccount(sb);
  const requester: CommandContext = { deps: sb.deps, actor: { ...acc.actor, platform: 'console' } };
  const { actor: second } = await addActor(sb, acc, {
    userId: 'admin2',
    email: 'admin2@example.com',
    lastName: 'Second',
  });
  const approver: CommandContext = { deps: sb.deps, actor: { ...second, platform: 'console' } };
  await addActor(sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
  const held = await replyTo(requester, 'user delete quinn');
  const id = held.effects?.[0]?.approvalId ?? '';
  return { requester, approver, held, id };
}

describe('approvals show', () => {
  it('the console is told what it can do there, not to run `approvals here`', async () => {
    const { held, id } = await heldAtConsole();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(held.summary).not.toContain('approvals here');
    expect(held.summary).toContain(
      `\`approvals show ${id.slice(0, 8)}\` shows it, \`approvals approve ${id.slice(0, 8)}\``,
    );
  });

  it('a regular user who asked for access is told to give an Administrator its id, not the commands that decide it', async () => {
    const acc = await newAccount(sb);
    const { actor } = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
    for (const platform of ['console', 'slack'] as const) {
      const asker: CommandContext = { deps: sb.deps, actor: { ...actor, platform } };
      const held = await replyTo(asker, `request ${platform === 'slack' ? 'orders' : 'tickets'}:manage --reason "x"`);
      const id = held.effects?.[0]?.approvalId ?? '';
      const said = JSON.stringify(held);
      expect(said, platform).toContain(
        `give ${platform === 'slack' ? 'an Administrator' : 'one'} its id, ${id.slice(0, 8)}`,
      );
      expect(said, platform).not.toMatch(/approvals (approve|deny|show|here)/);
    }
    // An Administrator's own held change still says how another one decides it.
    const { held } = await heldAtConsole();
    expect(JSON.stringify(held)).toMatch(/`approvals approve [0-9a-f]{8}` or `approvals deny/);
  });

  it("shows who asked, when it expires and before → after with the forms' labels, by an 8-character prefix", async () => {
    const { approver, id } = await heldAtConsole();
    const shown = await replyTo(approver, `approvals show ${id.slice(0, 8).toUpperCase()}`);
    expect(shown.visibility).toBe('private');
    const fields = shown.blocks.find((b) => b.type === 'fields');
    expect(JSON.stringify(fields)).toMatch(/"Requested by","value":"[^"]+ \([^)]+\) from console"/);
    expect(JSON.stringify(fields)).toContain('"label":"Expires","value":"2026-11-26 10:00 UTC"');
    const table = shown.blocks.find((b) => b.type === 'table');
    expect(table).toMatchObject({ columns: ['Field', 'Before', 'After'] });
    expect(table && table.type === 'table' ? table.rows : []).toContainEqual(['State', 'enabled', 'deleted']);
    expect((await replyTo(approver, `approvals approve ${id.slice(0, 10)}`)).summary).toMatch(/^Approved: /);
  });

  it('refuses a short, malformed or unknown id, saying what to type', async () => {
    const { approver } = await heldAtConsole();
    const summary = async (line: string) => (await replyTo(approver, line)).summary;
    const tooShort = 'request: Give at least the first 8 characters of the request id';
    expect(await summary('approvals show 1234567')).toBe(`${tooShort} (see \`approvals\`)`);
    expect(await summary('approvals show 12%45678')).toMatch(
      /^request: A request id has only the letters a-f, digits and dashes/,
    );
    expect(await summary('approvals show 00000000')).toBe(
      'No approval request 00000000 in this account; see `approvals all`.',
    );
    expect(await summary('approvals approve 00000000')).toBe(
      'No approval request 00000000 in this account; see `approvals all`.',
    );
  });

  it('Tab completes the ids of pending requests after `approvals show`, `approve` and `deny`', async () => {
    const { approver, id } = await heldAtConsole();
    const complete = (line: string) =>
      new Promise<[string[], string]>((resolve, reject) => {
        completerFor(approver)(line, (error, result) => (error ? reject(error) : resolve(result!)));
      });
    expect(await complete(`approvals show ${id.slice(0, 3)}`)).toEqual([[`${id} `], id.slice(0, 3)]);
    expect(await complete('approvals deny ')).toEqual([[`${id} `], '']);
    expect((await complete('approvals sh'))[0]).toEqual(['approvals show ']);
  });

  it('names changed fields as the forms do', () => {
    expect(fieldLabel('e911.preDirectional')).toBe('E911: Directional (before street)');
    expect(fieldLabel('fortinetSso')).toBe('Fortinet SSO');
    expect(fieldLabel('mustChangeAtFirstUse')).toBe('Must change at first use');
  });
});
