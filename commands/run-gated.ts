import { submitChange } from '../src/services/approvals/index.js';
import { info, type Reply } from '../views/reply.js';
import type { CommandContext, CommandRegistry, CommandScope, Ran, RunOperation } from './types.js';

/**
 * What to do when no approvals channel is set, on the platform the change was typed on. Someone
 * who asked for something for themselves (`request`) cannot decide it, so they are not given the
 * commands that do: only the id to give an Administrator.
 */
function withoutChannel(ctx: CommandContext, id: string, selfService: boolean): string {
  const short = id.slice(0, 8);
  const chat = ctx.actor.platform === 'slack' || ctx.actor.platform === 'teams';
  if (selfService) {
    return chat
      ? `No approvals channel is set for ${ctx.actor.platform}: give an Administrator its id, ${short}, to decide it.`
      : `An Administrator decides it, here or in Slack or Teams: give one its id, ${short}.`;
  }
  if (!chat) {
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
 * `ctx.run` for a platform's context: carries out an operation, or holds it for a second
 * Administrator when the approval policy says so and answers with the "waiting for approval"
 * reply (with its `approval-requested` effect, for the platform to post the card).
 */
export function gatedRun(ctx: CommandContext): RunOperation {
  return async (operation, input) => {
    const outcome = await submitChange(ctx.deps, ctx.actor, operation, input, ctx.commitWithChange);
    if (outcome.kind === 'done') return { kind: 'done', result: outcome.result };
    const { approval, channel } = outcome;
    const where = channel
      ? 'It has been posted to the approvals channel.'
      : withoutChannel(ctx, approval.id, approval.selfService);
    const hours = Math.round((approval.expiresAt.getTime() - approval.createdAt.getTime()) / 3_600_000);
    const needs = approval.selfService ? 'goes to an Administrator' : 'needs a second Administrator';
    const reply = info(`Waiting for approval: ${approval.reason} ${needs}. ${where}`, [
      { type: 'text', text: `You will be told when it is decided; it expires in ${hours} hours.` },
      { type: 'fields', fields: [{ label: 'Request', value: approval.id }] },
    ]);
    return {
      kind: 'held',
      approvalId: approval.id,
      reply: { ...reply, effects: [{ kind: 'approval-requested', approvalId: approval.id, channel }] },
    };
  };
}

/** The reply to a change: `done` words it when it was carried out; a held one has its own. */
export async function answer<T>(ran: Ran<T>, done: (result: T) => Reply | Promise<Reply>): Promise<Reply> {
  return ran.kind === 'held' ? ran.reply : done(ran.result);
}

/** The context a command or form runs in: the platform's, with `ctx.run` and the registry it belongs to. */
export function commandScope(ctx: CommandContext, registry: CommandRegistry): CommandScope {
  return { ...ctx, run: ctx.run ?? gatedRun(ctx), registry };
}
