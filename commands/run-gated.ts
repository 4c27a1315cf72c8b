import { submitOperation } from '../src/services/approvals/index.js';
import type { Operation, OperationName, OperationResult } from '../src/services/operations.js';
import { info, type Reply } from '../views/reply.js';
import type { CommandContext } from './types.js';

/** What to do when no approvals channel is set, on the platform the change was typed on. */
function withoutChannel(ctx: CommandContext, id: string): string {
  const short = id.slice(0, 8);
  if (ctx.actor.platform !== 'slack' && ctx.actor.platform !== 'teams') {
    return (
      `Another Administrator decides it here or in Slack or Teams: \`approvals show ${short}\` shows it, ` +
      `\`approvals approve ${short}\` or \`approvals deny ${short}\` decides it.`
    );
  }
  return (
    `No approvals channel is set for ${ctx.actor.platform}: an Administrator can run \`approvals here\` in one, ` +
    `or approve it with \`approvals approve ${id}\` (\`approvals show ${short}\` shows it first).`
  );
}

/**
 * Carries out an operation, or holds it for a second Administrator when the approval policy
 * says so; `done` words the reply when it was carried out at once.
 */
export async function runGated<N extends OperationName>(
  ctx: CommandContext,
  operation: Operation<N>,
  done: (result: OperationResult<N>) => Reply | Promise<Reply>,
): Promise<Reply> {
  const outcome = await submitOperation(ctx.deps, ctx.actor, operation);
  if (outcome.kind === 'done') return done(outcome.result);
  const { approval, channel } = outcome;
  const where = channel ? 'It has been posted to the approvals channel.' : withoutChannel(ctx, approval.id);
  const reply = info(`Waiting for approval: ${approval.reason} needs a second Administrator. ${where}`, [
    {
      type: 'text',
      text: `This change waits for another Administrator's approval (${approval.reason}). ${where} You will be told when it is decided; it expires in ${Math.round((approval.expiresAt.getTime() - approval.createdAt.getTime()) / 3_600_000)} hours.`,
    },
    { type: 'fields', fields: [{ label: 'Request', value: approval.id }] },
  ]);
  return { ...reply, effects: [{ kind: 'approval-requested', approvalId: approval.id, channel }] };
}
