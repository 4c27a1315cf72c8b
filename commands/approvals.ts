import { z } from 'zod/v4';
import { isServiceError } from '../src/domain/errors.js';
import { decideApproval, listApprovals, setApprovalChannel } from '../src/services/approvals/index.js';
import { findApproval } from '../src/services/approvals/approval-dto.js';
import { approvalCard } from '../views/replies/approval-card.js';
import { approvalRecordedNote } from '../views/replies/approval-notices.js';
import { denyForm } from '../views/forms/approval-forms.js';
import { failure, info, pageFooter, success, type Reply } from '../views/reply.js';
import { flagsOnly, pageNumber } from './args.js';
import { defineForm, openForm } from './forms.js';
import { when } from '../views/replies/user-facts.js';
import { defineCommand, type CommandContext } from './types.js';

/** The full id of the request a typed id or unique prefix (8+ characters) names. */
async function fullId(ctx: CommandContext, request: string): Promise<string> {
  // A whole id (a button's) is decided as it is: the decision says who may decide it.
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(request)) return request.toLowerCase();
  return (await findApproval(ctx.deps, ctx.actor, { request })).id;
}

async function decide(
  ctx: CommandContext,
  typed: string,
  decision: 'approve' | 'deny',
  reason?: string,
): Promise<Reply> {
  const request = await fullId(ctx, typed);
  const outcome = await decideApproval(ctx.deps, ctx.actor, { request, decision, reason });
  const card = approvalCard(outcome.approval);
  // Changed nothing: the platforms mend a stale card of it; the requester is not told again.
  if (outcome.kind === 'already-decided') {
    const who = outcome.approval.decisions.at(-1)?.byName;
    return {
      ...failure(`Already decided${who ? ` by ${who}` : ''}: ${outcome.approval.state}. Nothing changed.`, card.blocks),
      effects: [{ kind: 'approval-unchanged', approvalId: outcome.approval.id }],
    };
  }
  // This decision found it expired and marked it so: the platforms update its card and tell the requester.
  if (outcome.kind === 'expired')
    return {
      ...failure('This request expired before a decision; nothing changed. The requester can ask again.', card.blocks),
      effects: [{ kind: 'approval-decided', approvalId: outcome.approval.id }],
    };
  const summary =
    outcome.approval.state === 'pending'
      ? approvalRecordedNote(outcome.approval)
      : outcome.approval.state === 'executed'
        ? `Approved: ${outcome.approval.outcome}`
        : outcome.approval.state === 'denied'
          ? 'Denied; the requester is told.'
          : (outcome.approval.outcome ?? outcome.approval.state);
  const reply = outcome.approval.state === 'failed' ? failure(summary, card.blocks) : success(summary, card.blocks);
  return { ...reply, effects: [{ kind: 'approval-decided', approvalId: outcome.approval.id }] };
}

export const denyFormHandler = defineForm({
  form: denyForm,
  submit: (ctx, input) => {
    const { request, reason } = input as { request: string; reason: string };
    return decide(ctx, request, 'deny', reason);
  },
});

export const approvalsCommand = defineCommand({
  words: ['approvals'],
  usage: '[pending|all] [--page N]',
  summary: 'approval requests waiting for a second Administrator',
  permission: 'Administrator',
  args: z
    .object({
      positional: z.array(z.enum(['pending', 'all'], { error: 'Show pending or all requests' })).max(1),
      flags: flagsOnly(['page']),
    })
    .transform((a, ctx) => ({ filter: a.positional[0] ?? 'pending', page: pageNumber(a.flags.page, ctx) })),
  async run(ctx, args) {
    const page = await listApprovals(ctx.deps, ctx.actor, { filter: args.filter, page: args.page });
    const rows = page.items.map((a) => [
      a.id,
      `${a.operationName} ${a.targetName ?? ''}`.trim(),
      a.requester.name,
      a.state,
      when(a.expiresAt),
    ]);
    const next = `approvals ${args.filter} --page ${args.page + 1}`;
    const actions = page.items
      .filter((a) => a.state === 'pending')
      .slice(0, 5)
      .flatMap((a) => [
        {
          label: `Approve ${a.targetName ?? a.operationName}`,
          command: `approvals approve ${a.id}`,
          style: 'primary' as const,
        },
        {
          label: `Deny ${a.targetName ?? a.operationName}`,
          command: `approvals deny ${a.id}`,
          style: 'danger' as const,
        },
      ]);
    return {
      kind: 'reply',
      reply: info(`${page.total} ${args.filter === 'pending' ? 'pending ' : ''}approval requests`, [
        { type: 'header', text: `Approval requests (${args.filter})` },
        {
          type: 'table',
          columns: ['Request', 'Change', 'Requested by', 'State', 'Expires'],
          rows,
          footer: pageFooter(page.page, page.pageSize, page.total, next, 'approval requests'),
        },
        ...(actions.length > 0 ? [{ type: 'actions' as const, actions }] : []),
      ]),
    };
  },
});

export const approvalsHereCommand = defineCommand({
  words: ['approvals', 'here'],
  usage: '',
  summary: 'make this channel the approvals channel of this platform',
  permission: 'Administrator',
  args: z.object({
    positional: z.array(z.string()).max(0, 'This command takes no arguments; run it in the channel itself'),
    flags: flagsOnly([]),
  }),
  async run(ctx) {
    if (!ctx.origin?.channel || (ctx.actor.platform !== 'slack' && ctx.actor.platform !== 'teams')) {
      return {
        kind: 'reply',
        reply: failure('Run `approvals here` in the Slack or Teams channel where approval requests should go.'),
      };
    }
    const result = await setApprovalChannel(ctx.deps, ctx.actor, {
      platform: ctx.actor.platform,
      channel: ctx.origin.channel,
      extra: ctx.origin.extra ?? {},
    });
    return {
      kind: 'reply',
      reply: {
        ...success(
          `Approval requests from ${result.platform} now go to this channel${result.previous && result.previous !== result.channel ? ' (instead of the previous one)' : ''}.`,
        ),
        visibility: 'public',
      },
    };
  },
});

const requestArgs = (extra: string[]) =>
  z.object({
    positional: z.array(z.string()).length(1, 'Give the request id (see `approvals`)'),
    flags: flagsOnly(extra),
  });

export const approvalShowCommand = defineCommand({
  words: ['approvals', 'show'],
  usage: '<request>',
  summary:
    'what a request changes (before → after), who asked and when it expires; the first 8 characters of its id are enough',
  permission: 'Administrator',
  args: requestArgs([]).transform((a) => ({ request: a.positional[0]! })),
  async run(ctx, args) {
    const card = approvalCard(await findApproval(ctx.deps, ctx.actor, { request: args.request }));
    return { kind: 'reply', reply: { ...card, visibility: 'private' } };
  },
});

export const approveCommand = defineCommand({
  words: ['approvals', 'approve'],
  usage: '<request>',
  summary: 'approve a request: the change is carried out once, re-checked against the current state',
  permission: 'Administrator other than the requester',
  args: requestArgs([]).transform((a) => ({ request: a.positional[0]! })),
  async run(ctx, args) {
    return { kind: 'reply', reply: await decide(ctx, args.request, 'approve') };
  },
});

export const denyCommand = defineCommand({
  words: ['approvals', 'deny'],
  usage: '<request> [--reason "why"]',
  summary: 'deny a request, with a reason for the requester; without --reason, a form asks for it',
  permission: 'Administrator other than the requester',
  args: requestArgs(['reason']).transform((a) => ({
    request: a.positional[0]!,
    reason: typeof a.flags.reason === 'string' ? a.flags.reason : undefined,
  })),
  form: { form: denyForm },
  async run(ctx, args) {
    if (args.reason) return { kind: 'reply', reply: await decide(ctx, args.request, 'deny', args.reason) };
    // A request already decided or expired, or the requester's own, is answered at once; otherwise the form asks why.
    try {
      return { kind: 'reply', reply: await decide(ctx, args.request, 'deny') };
    } catch (error) {
      if (
        !isServiceError(error) ||
        error.code !== 'VALIDATION.INVALID' ||
        !error.fields.some((f) => f.field === 'reason')
      )
        throw error;
    }
    return { kind: 'form', open: await openForm(ctx, denyForm, {}, { request: args.request }) };
  },
});
