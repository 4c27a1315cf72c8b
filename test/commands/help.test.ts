import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands, runCommandLine, type CommandContext } from '../../commands/index.js';
import { knownPermission, mayRun } from '../../commands/help.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import type { Reply } from '../../views/reply.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function helpRows(ctx: CommandContext, line = 'help'): Promise<{ reply: Reply; commands: string[] }> {
  const result = await runCommandLine(ctx, line, { prefix: '/portal ' });
  const reply = (result as { reply: Reply }).reply;
  const table = reply.blocks.find((b) => b.type === 'table');
  return { reply, commands: table && table.type === 'table' ? table.rows.map((r) => r[0]!) : [] };
}

describe('help shows each reader what they may run', () => {
  it('lists every command to an Administrator, and only the voice reports and help to a read-only user', async () => {
    const acc = await newAccount(sb);
    expect((await helpRows({ deps: sb.deps, actor: acc.actor })).commands).toHaveLength(allCommands().length);

    const reader = await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'read-only');
    const { reply, commands } = await helpRows({ deps: sb.deps, actor: reader.actor });
    expect(commands.some((c) => c.startsWith('voice users'))).toBe(true);
    expect(commands.some((c) => c.startsWith('help'))).toBe(true);
    for (const adminOnly of ['users', 'user add', 'audit', 'approvals approve', 'voice pin']) {
      expect(
        commands.some((c) => c.split(' [')[0]!.split(' <')[0] === adminOnly),
        adminOnly,
      ).toBe(false);
    }
    expect(JSON.stringify(reply)).toContain('Only the commands you may run are listed');
    const userAdd = await helpRows({ deps: sb.deps, actor: reader.actor }, 'help user add');
    expect(userAdd.reply.summary).toBe('Help: user add: only an Administrator may run this.');
  });

  it('knows the permission of every command (a new permission text must be added to help)', () => {
    const admin = Object.assign(new PortalUser(), { administrator: true, services: 'manage' });
    for (const command of allCommands()) expect(mayRun(command, admin), command.words.join(' ')).toBe(true);
    const manager = Object.assign(new PortalUser(), { administrator: false, services: 'manage' });
    const unknown = allCommands().filter((c) => !knownPermission(c.permission));
    expect(unknown).toEqual([]);
    expect(
      allCommands()
        .filter((c) => mayRun(c, manager))
        .map((c) => c.words.join(' ')),
    ).toContain('voice pin');
  });

  it('`help users` says what `all` lists: everyone but the deleted', async () => {
    const acc = await newAccount(sb);
    const { reply } = await helpRows({ deps: sb.deps, actor: acc.actor }, 'help users');
    const table = reply.blocks.find((b) => b.type === 'table');
    const users = table && table.type === 'table' ? table.rows.find((r) => r[0]!.startsWith('users [')) : undefined;
    expect(users?.[1]).toMatch(/`all` \(the default\) is everyone but the deleted/);
  });
});
