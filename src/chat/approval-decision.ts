import { submitForm, type CommandContext, type CommandResult } from '../../commands/index.js';
import { denyForm } from '../../views/forms/approval-forms.js';
import { alreadyDecidedNote, deciderNote } from '../../views/replies/approval-notices.js';
import type { Reply } from '../../views/reply.js';
import { getApproval, type ApprovalDto } from '../services/approvals/index.js';

/** What a click on an approval card's Approve or Deny came to. */
export type CardDecision =
  /** Deny needs a reason: ask for it (again, with the problem, when one was given). */
  | { kind: 'ask-reason'; error?: string }
  /** Nothing decided (their own request, not an Administrator, ...): said to the one who clicked alone. */
  | { kind: 'refused'; message: string }
  | { kind: 'gone' }
  /**
   * Decided, or found decided already (`late`): the request as it is now, what the click did for
   * the one who clicked (`note`), and the reply whose effects update the card and tell the requester.
   */
  | { kind: 'decided'; view: ApprovalDto; reply: Reply; note: { text: string; tone: Reply['tone'] }; late: boolean };

/**
 * Approve, or Deny with its reason, from a card, as the one who clicked, through the same commands
 * as everywhere (`approvals approve|deny`, the deny form); `run` runs a command line the platform's way.
 */
export async function decideFromCard(
  ctx: CommandContext,
  run: (line: string) => Promise<CommandResult>,
  approvalId: string,
  decision: 'approve' | 'deny',
  /** The reason typed in the deny step; undefined before it. */
  reason?: string,
): Promise<CardDecision> {
  let reply: Reply;
  if (decision === 'deny' && reason !== undefined) {
    const submitted = await submitForm(ctx, denyForm.id, { reason }, { request: approvalId });
    if (!submitted.ok) {
      const problem = submitted.errors.find((e) => e.field === 'reason');
      return problem ? { kind: 'ask-reason', error: problem.message } : { kind: 'refused', message: submitted.message };
    }
    reply = submitted.reply;
  } else {
    const result = await run(`approvals ${decision} ${approvalId}`);
    if (result.kind === 'form') return { kind: 'ask-reason' };
    reply = result.reply;
  }
  const effect = reply.effects?.find((e) => e.kind !== 'approval-requested');
  if (!effect) return { kind: 'refused', message: reply.summary };
  const view = await getApproval(ctx.deps, effect.approvalId);
  if (!view) return { kind: 'gone' };
  const late = effect.kind === 'approval-unchanged' || view.state === 'expired';
  const note = late ? { text: alreadyDecidedNote(view), tone: 'error' as const } : deciderNote(view);
  return { kind: 'decided', view, reply, note, late };
}
