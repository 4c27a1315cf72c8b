import { approvalCard } from '../../views/replies/approval-card.js';
import type { ApprovalDto } from '../services/approvals/index.js';
import { renderReply, type SlackMessage } from './render-reply.js';

/** An approval request's card as a channel message (Deny asks for confirmation: the action's `confirm`). */
export function renderApprovalCard(view: ApprovalDto): SlackMessage {
  return renderReply(approvalCard(view), 'public');
}
