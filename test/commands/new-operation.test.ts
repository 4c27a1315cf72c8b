import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { createRegistry, runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import { oneUser } from '../../commands/args.js';
import { defineForm } from '../../commands/forms.js';
import { answer } from '../../commands/run-gated.js';
import { defineCommand, type CommandScope } from '../../commands/types.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { decideApproval } from '../../src/services/approvals/index.js';
import { requireAdministrator } from '../../src/services/authorize.js';
import type { ServiceDeps } from '../../src/services/context.js';
import { defineOperation, operationList } from '../../src/services/operation.js';
import { OPERATION_DEFINITIONS } from '../../src/services/operations.js';
import { findUser } from '../../src/services/users/lookup.js';
import { userSnapshot, userTarget } from '../../src/services/users/user-dto.js';
import { approvalCard } from '../../views/replies/approval-card.js';
import type { FormDefinition } from '../../views/form.js';
import type { Reply } from '../../views/reply.js';
import { success } from '../../views/reply.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

/**
 * A new operation touches one service file (its definition), one command file and, with a form,
 * one view: everything else (the gate, the audit, the approval card, the registry) reads them.
 * Here all three live in the test.
 */

// The service file: a made-up operation that makes a user an Administrator.
const promoteOperation = defineOperation({
  name: 'user.promote',
  label: 'Promote to Administrator',
  input: z.object({ user: z.string().trim().min(1, 'Give the user') }),
  approval: { rules: ['administrators'] },
  async run(data, scope) {
    requireAdministrator(scope.actor);
    const user = await findUser(scope.em, scope.account, data.user);
    scope.target = userTarget(user);
    const before = userSnapshot(user);
    user.administrator = true;
    await scope.em.flush();
    return { result: { userId: user.userId }, before, after: userSnapshot(user) };
  },
});

// The view: its form.
const promoteForm: FormDefinition = {
  id: 'test-promote',
  title: 'Promote',
  submitLabel: 'Promote',
  fields: [{ id: 'user', label: 'User', kind: 'text', required: true }],
  schema: z.object({ user: z.string().min(1) }),
};

// The command file: the command and its form, through ctx.run only.
const promote = async (ctx: CommandScope, user: string): Promise<Reply> =>
  answer(await ctx.run(promoteOperation, { user }), (result) => success(`Promoted ${result.userId}.`));
const promoteCommand = defineCommand({
  words: ['promote'],
  usage: '<user>',
  summary: 'make a user an Administrator',
  permission: 'Administrator',
  args: oneUser,
  run: async (ctx, args) => ({ kind: 'reply', reply: await promote(ctx, args.user) }),
});
const promoteModule = {
  commands: [promoteCommand],
  forms: [defineForm({ form: promoteForm, submit: (ctx, input) => promote(ctx, (input as { user: string }).user) })],
};

const registry = createRegistry([promoteModule]);

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

/** The services made with the portal's operations and this one (as start-up would make them). */
const depsWith = (rules: string): ServiceDeps => ({
  ...sb.deps,
  operations: operationList([...OPERATION_DEFINITIONS, promoteOperation]),
  settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: rules }) },
});

async function setUp(rules: string) {
  const acc = await newAccount(sb);
  const { actor: second } = await addActor(sb, acc, { userId: 'admin2', email: 'admin2@example.com' });
  await addActor(sb, acc, { userId: 'rita', email: 'rita@example.com' }, 'regular');
  await addActor(sb, acc, { userId: 'sam', email: 'sam@example.com' }, 'regular');
  const deps = depsWith(rules);
  const ctx: CommandContext = { deps, actor: acc.actor };
  return { acc, second: { ...second, platform: 'teams' as const }, deps, ctx };
}

const administrator = async (accountId: string, userId: string) =>
  (await sb.orm.em.fork().findOneOrFail(PortalUser, { account: accountId, userIdKey: userId })).administrator;

const auditOf = (accountId: string, action: string) =>
  sb.orm.em.fork().find(AuditEvent, { accountId, action }, { orderBy: { createdAt: 'asc', id: 'asc' } });

describe('a new operation and its command, defined in one place each', () => {
  it('is done at once when no rule covers it: the reply is the command’s, the audit names it', async () => {
    const { acc, ctx } = await setUp('e911');
    const ran = await runCommandLine(ctx, 'promote rita', {}, registry);
    expect(ran).toEqual({ kind: 'reply', reply: expect.objectContaining({ summary: 'Promoted rita.' }) });
    expect(await administrator(acc.account.id, 'rita')).toBe(true);
    const [event] = await auditOf(acc.account.id, 'user.promote');
    expect(event).toMatchObject({
      outcome: 'success',
      targetType: 'user',
      targetName: 'rita',
      before: { permissions: { administrator: false } },
      after: { permissions: { administrator: true } },
    });
    // The form of the command's module is in the same registry, and goes the same way.
    const submitted = await submitForm(ctx, 'test-promote', { user: 'sam' }, {}, registry);
    expect(submitted).toMatchObject({ ok: true, reply: { summary: 'Promoted sam.' } });
    // The default registry knows nothing of it.
    expect(await runCommandLine(ctx, 'promote rita')).toMatchObject({ reply: { tone: 'error' } });
  });

  it('is held by the rule its traits name, shown with its label, and carried out once approved', async () => {
    const { acc, second, deps, ctx } = await setUp('administrators');
    const ran = await runCommandLine(ctx, 'promote rita', {}, registry);
    if (ran.kind !== 'reply') throw new Error('expected a reply');
    expect(ran.reply.summary).toMatch(/^Waiting for approval: granting Administrator needs a second Administrator\./);
    const effect = ran.reply.effects?.[0];
    expect(effect).toMatchObject({ kind: 'approval-requested', channel: null });
    expect(await administrator(acc.account.id, 'rita')).toBe(false);
    const [requested] = await auditOf(acc.account.id, 'approval.request');
    expect(requested).toMatchObject({
      targetName: 'user.promote rita',
      after: { operation: 'user.promote', operationLabel: 'Promote to Administrator', rule: 'administrators' },
    });

    const approvalId = (effect as { approvalId: string }).approvalId;
    const decided = await decideApproval(deps, second, { request: approvalId, decision: 'approve' });
    expect(decided).toMatchObject({
      kind: 'decided',
      approval: { state: 'executed', operationName: 'user.promote', operationLabel: 'Promote to Administrator' },
    });
    expect(approvalCard(decided.approval).summary).toBe('Approved and done: Promote to Administrator rita');
    expect(await administrator(acc.account.id, 'rita')).toBe(true);
    const changes = await auditOf(acc.account.id, 'user.promote');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      outcome: 'success',
      // Carried out as the requester, noting who approved it.
      actorName: 'Ada Admin',
      targetName: 'rita',
      after: { permissions: { administrator: true }, approvalRequest: approvalId, approvedBy: 'Test User' },
    });
  });

  it('a registry is frozen, built from its list; two commands with the same words are refused', () => {
    expect(Object.isFrozen(registry)).toBe(true);
    expect(Object.isFrozen(registry.commands)).toBe(true);
    expect(registry.commands.map((c) => c.words.join(' '))).toEqual(['promote']);
    expect(registry.form('test-promote')?.form).toBe(promoteForm);
    expect(() => createRegistry([promoteModule, { commands: [promoteCommand] }])).toThrow(/two commands/);
  });
});
