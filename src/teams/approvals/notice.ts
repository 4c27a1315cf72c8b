import type { ApprovalDto } from '../../services/approvals/index.js';
import { approvalCard } from '../../../views/replies/approval-card.js';
import { failure, info, success, type Reply } from '../../../views/reply.js';

const lastDecision = (view: ApprovalDto, kind?: 'approve' | 'deny') =>
  [...view.decisions].reverse().find((d) => !kind || d.decision === kind);

/** What the request is about, in words: `Delete user victim`. */
function what(view: ApprovalDto): string {
  return approvalCard(view).summary.replace(/^[^:]+: /, '');
}

/**
 * What the requester is told privately once their request is decided or has expired (the card
 * without its buttons below); nothing while it is still open or being carried out.
 */
export function requesterNotice(view: ApprovalDto): Reply | null {
  const blocks = approvalCard(view).blocks.filter((b) => b.type !== 'actions');
  const subject = `Your request "${what(view)}"`;
  switch (view.state) {
    case 'executed': {
      const by = lastDecision(view, 'approve')?.byName ?? 'another Administrator';
      return success(`${subject} was approved by ${by} and carried out.`, [
        { type: 'text', text: `${subject} was approved by ${by} and carried out.` },
        ...blocks,
      ]);
    }
    case 'failed': {
      const text = `${subject} was approved, but could not be carried out: ${view.outcome ?? 'see the card'}`;
      return failure(text, [{ type: 'text', text }, ...blocks]);
    }
    case 'denied': {
      const denial = lastDecision(view, 'deny');
      const text = `${subject} was denied by ${denial?.byName ?? 'another Administrator'}. Reason: ${denial?.reason ?? '(none given)'}`;
      return failure(text, [{ type: 'text', text }, ...blocks]);
    }
    case 'expired': {
      const text = `${subject} expired before another Administrator decided; nothing changed. Ask again if it is still needed.`;
      return info(text, [{ type: 'text', text }, ...blocks]);
    }
    default:
      return null;
  }
}

const STATE_WORDS: Record<ApprovalDto['state'], string> = {
  pending: 'still pending',
  approved: 'approved, being carried out',
  executed: 'approved and done',
  denied: 'denied',
  expired: 'expired',
  failed: 'approved, but it could not be done',
};

/** For a click that came too late. */
export function alreadyDecidedNote(view: ApprovalDto): string {
  if (view.state === 'expired') return 'This request expired before a decision; nothing changed.';
  const by = lastDecision(view)?.byName;
  return `Already decided${by ? ` by ${by}` : ''}: ${STATE_WORDS[view.state]}. Nothing changed.`;
}

/** For the one whose click decided it. */
export function deciderNote(view: ApprovalDto): { text: string; tone: Reply['tone'] } {
  switch (view.state) {
    case 'executed':
      return { text: 'You approved it; it is done. The requester is told.', tone: 'success' };
    case 'failed':
      return { text: `You approved it, but it could not be done: ${view.outcome ?? ''}`.trim(), tone: 'error' };
    case 'denied':
      return { text: 'You denied it; the requester is told your reason.', tone: 'success' };
    case 'pending':
      return { text: 'Your approval is recorded; it needs more approvals.', tone: 'info' };
    default:
      return { text: `It is ${STATE_WORDS[view.state]}.`, tone: 'info' };
  }
}
