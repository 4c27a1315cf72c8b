import type { types } from '@slack/bolt';
import { approvalCard } from '../../views/replies/approval-card.js';
import { failure, info, success, type Reply } from '../../views/reply.js';
import type { ApprovalDto } from '../services/approvals/index.js';
import { renderReply, type SlackMessage } from './render-reply.js';
import { plain } from './render-text.js';

/** The command line behind the card's Deny button. */
const DENY_LINE = /^approvals\s+deny\s+/i;

/** Slack's confirmation dialog (limits: title 100, text 300, buttons 30). */
const DENY_CONFIRM: types.ConfirmationDialog = {
  title: plain('Deny this change?', 100),
  text: plain('You will be asked for a reason; the requester is told it. Nothing is changed.', 300),
  confirm: plain('Deny', 30),
  deny: plain('Cancel', 30),
  style: 'danger',
};

/**
 * An approval request's card as a channel message: the platform-neutral card rendered by the
 * reply renderer (so Approve and Deny are the usual run buttons, Approve primary and Deny
 * danger), Deny asking for confirmation first. The same rendering posts and updates it.
 */
export function renderApprovalCard(view: ApprovalDto): SlackMessage {
  const message = renderReply(approvalCard(view), 'public');
  const blocks = message.blocks.map((block): types.KnownBlock => {
    if (block.type !== 'actions') return block;
    return {
      ...block,
      elements: block.elements.map((element) =>
        element.type === 'button' && DENY_LINE.test(element.value ?? '')
          ? { ...element, confirm: DENY_CONFIRM }
          : element,
      ),
    };
  });
  return { text: message.text, blocks };
}

/** The states after which nothing more happens to a request: its requester is told. */
export const FINAL_STATES: ReadonlySet<ApprovalDto['state']> = new Set(['executed', 'failed', 'denied', 'expired']);

function lastDecision(view: ApprovalDto, decision: 'approve' | 'deny') {
  return view.decisions.filter((d) => d.decision === decision).at(-1);
}

/**
 * What the requester is told privately once their request is decided: one line saying what
 * became of it, then the card as everyone sees it (no buttons by then). Null while undecided.
 */
export function requesterNotice(view: ApprovalDto): Reply | null {
  if (!FINAL_STATES.has(view.state)) return null;
  const what = `Your request (${view.reason}${view.targetName ? `: ${view.targetName}` : ''})`;
  const approvers =
    view.decisions
      .filter((d) => d.decision === 'approve')
      .map((d) => d.byName)
      .join(', ') || 'another Administrator';
  let notice: Reply;
  switch (view.state) {
    case 'executed':
      notice = success(`${what} was approved by ${approvers} and carried out.`);
      break;
    case 'failed':
      notice = failure(`${what} was approved by ${approvers}, but it could not be done. ${view.outcome ?? ''}`.trim());
      break;
    case 'denied': {
      const denied = lastDecision(view, 'deny');
      notice = failure(
        `${what} was denied by ${denied?.byName ?? 'another Administrator'}${denied?.reason ? `: ${denied.reason}` : '.'}`,
      );
      break;
    }
    default:
      notice = info(
        `${what} expired before another Administrator decided; nothing changed. Ask again if it is still needed.`,
      );
  }
  const card = approvalCard(view).blocks.filter((b) => b.type !== 'actions');
  return { ...notice, blocks: [{ type: 'text', text: notice.summary }, ...card] };
}
