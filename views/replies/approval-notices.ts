import { failure, info, success, type Reply } from '../reply.js';
import { approvalCard } from './approval-card.js';
import { utcMinute } from './time.js';

/** A request as the approval card shows it (the services' ApprovalDto; views call no service). */
type ApprovalDto = Parameters<typeof approvalCard>[0];

/** The states after which nothing more happens to a request: its requester is told. */
export const FINAL_STATES: ReadonlySet<ApprovalDto['state']> = new Set(['executed', 'failed', 'denied', 'expired']);

export const isFinal = (view: Pick<ApprovalDto, 'state'>): boolean => FINAL_STATES.has(view.state);

/** Pending and not past its expiry: Approve and Deny still mean something. */
export function isOpen(view: Pick<ApprovalDto, 'state' | 'expiresAt'>, now: Date): boolean {
  return view.state === 'pending' && new Date(view.expiresAt).getTime() > now.getTime();
}

const lastDecision = (view: ApprovalDto, kind?: 'approve' | 'deny') =>
  [...view.decisions].reverse().find((d) => !kind || d.decision === kind);

const approvers = (view: ApprovalDto) =>
  view.decisions
    .filter((d) => d.decision === 'approve')
    .map((d) => d.byName)
    .join(', ') || 'another Administrator';

/** The words of a requester notice, by state; null while the request is open or being carried out. */
function requesterText(view: ApprovalDto): { tone: Reply['tone']; text: string } | null {
  const what = `Your request (${view.reason}${view.targetName ? `: ${view.targetName}` : ''})`;
  switch (view.state) {
    case 'executed':
      return { tone: 'success', text: `${what} was approved by ${approvers(view)} and carried out.` };
    case 'failed': {
      const text = `${what} was approved by ${approvers(view)}, but it could not be done. ${view.outcome ?? ''}`;
      return { tone: 'error', text: text.trim() };
    }
    case 'denied': {
      const denial = lastDecision(view, 'deny');
      const by = denial?.byName ?? 'another Administrator';
      return { tone: 'error', text: `${what} was denied by ${by}. Reason: ${denial?.reason ?? '(none given)'}` };
    }
    case 'expired':
      return {
        tone: 'info',
        text:
          `${what} expired before another Administrator decided; nothing changed. ` +
          'Ask again if it is still needed.',
      };
    default:
      return null;
  }
}

/**
 * What the requester is told privately once their request is decided or has expired: one line
 * saying what became of it, then the card as everyone sees it (no buttons by then). The same on
 * every platform; null while it is still open.
 */
export function requesterNotice(view: ApprovalDto): Reply | null {
  const notice = requesterText(view);
  if (!notice) return null;
  const made = notice.tone === 'success' ? success : notice.tone === 'error' ? failure : info;
  const card = approvalCard(view).blocks.filter((b) => b.type !== 'actions');
  return made(notice.text, [{ type: 'text', text: notice.text }, ...card]);
}

const STATE_WORDS: Record<ApprovalDto['state'], string> = {
  pending: 'still pending',
  approved: 'approved, being carried out',
  executed: 'approved and done',
  denied: 'denied',
  expired: 'expired',
  failed: 'approved, but it could not be done',
};

/** For a decision that came too late: nothing changed. */
export function alreadyDecidedNote(view: ApprovalDto): string {
  if (view.state === 'expired') return 'This request expired before a decision; nothing changed.';
  const by = lastDecision(view)?.byName;
  return `Already decided${by ? ` by ${by}` : ''}: ${STATE_WORDS[view.state]}. Nothing changed.`;
}

/** For an approver whose approval counted but was not the last needed: how many it has and needs. */
export function approvalRecordedNote(view: Pick<ApprovalDto, 'decisions' | 'required'>): string {
  const approved = view.decisions.filter((d) => d.decision === 'approve').length;
  const more = Math.max(1, view.required - approved);
  return `Your approval is recorded: ${approved} of ${view.required} approvals so far; it needs ${more} more.`;
}

/** For the one whose decision settled it (or counted towards it). */
export function deciderNote(view: ApprovalDto): { text: string; tone: Reply['tone'] } {
  switch (view.state) {
    case 'executed':
      return { text: 'You approved it; it is done. The requester is told.', tone: 'success' };
    case 'failed':
      return { text: `You approved it, but it could not be done: ${view.outcome ?? ''}`.trim(), tone: 'error' };
    case 'denied':
      return { text: 'You denied it; the requester is told your reason.', tone: 'success' };
    case 'pending':
      return { text: approvalRecordedNote(view), tone: 'info' };
    default:
      return { text: `It is ${STATE_WORDS[view.state]}.`, tone: 'info' };
  }
}

/** For the requester, when their request's card could not be posted to the approvals channel. */
export function cardNotPostedNotice(approvalId: string, why: string, prefix: string): Reply {
  return failure(
    `Your change waits for approval, but its card could not be posted to the approvals channel (${why}). ` +
      `Another Administrator can still approve it with \`${prefix}approvals approve ${approvalId}\`. ` +
      `Invite Switchboard to the approvals channel, or run \`${prefix}approvals here\` in a channel it is in.`,
  );
}

/** Posted under a request's card (Slack: its thread; Teams: a reply to it) while it waits. */
export function reminderNotice(view: ApprovalDto, now: Date): Reply {
  const what = `${view.operationLabel}${view.targetName ? ` ${view.targetName}` : ''}`;
  const waiting = Math.max(1, Math.round((now.getTime() - new Date(view.createdAt).getTime()) / 3_600_000));
  const approved = view.decisions.filter((d) => d.decision === 'approve').length;
  const still = view.required > 1 ? ` (${approved} of ${view.required} approvals so far)` : '';
  const text =
    `Reminder: ${what}, asked by ${view.requester.name}, has waited about ${waiting} h for an Administrator's decision${still}. ` +
    `It expires ${utcMinute(view.expiresAt)}.`;
  return info(text, [{ type: 'text', text }]);
}
