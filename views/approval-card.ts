import type { ApprovalView } from '../src/services/approvals/view.js';
import type { Reply, ReplyBlock } from './reply.js';

const OPERATION_LABELS: Record<string, string> = {
  'user.add': 'Add user',
  'user.edit': 'Edit user',
  'user.permissions': 'Change permissions',
  'user.enable': 'Enable user',
  'user.delete': 'Delete user',
  'user.restore': 'Restore user',
  'user.reset-password': 'Send password reset links',
  'invite.create': 'Invite user',
  'invite.resend': 'Reinvite user',
  'voice.e911': 'Change E911 address',
};

const when = (date: Date | string) => new Date(date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

const HEADLINE: Record<ApprovalView['state'], string> = {
  pending: 'Approval needed',
  approved: 'Approved, being carried out',
  executed: 'Approved and done',
  denied: 'Denied',
  expired: 'Expired',
  failed: 'Approved, but it could not be done',
};

/**
 * The card of an approval request, the same for everyone who sees it: what changes (before
 * → after, secrets never included), who asked, when it expires, and while it is pending the
 * Approve and Deny buttons. After a decision the same card shows who decided and the outcome.
 */
export function approvalCard(view: ApprovalView): Reply {
  const what = OPERATION_LABELS[view.operationName] ?? view.operationName;
  const title = `${HEADLINE[view.state]}: ${what}${view.targetName ? ` ${view.targetName}` : ''}`;
  const blocks: ReplyBlock[] = [
    { type: 'header', text: title },
    {
      type: 'fields',
      fields: [
        { label: 'Why approval', value: `Policy: ${view.reason} needs a second Administrator` },
        { label: 'Requested by', value: `${view.requester.name} (${view.requester.userId}) from ${view.platform}` },
        { label: 'Requested at', value: when(view.createdAt) },
        { label: view.state === 'pending' ? 'Expires' : 'Decided', value: when(view.state === 'pending' ? view.expiresAt : (view.decidedAt ?? view.expiresAt)) },
        ...(view.required > 1 ? [{ label: 'Approvals', value: `${view.decisions.filter((d) => d.decision === 'approve').length} of ${view.required}` }] : []),
      ],
    },
  ];
  if (view.changes.length > 0) {
    blocks.push({ type: 'table', columns: ['Field', 'Before', 'After'], rows: view.changes.map((c) => [c.field, c.before ?? '-', c.after ?? '-']) });
  }
  if (view.outcome) blocks.push({ type: 'text', text: view.outcome });
  if (view.state === 'pending') {
    blocks.push({ type: 'actions', actions: [
      { label: 'Approve', command: `approvals approve ${view.id}`, style: 'primary' },
      { label: 'Deny', command: `approvals deny ${view.id}`, style: 'danger' },
    ] });
  }
  const tone = view.state === 'executed' ? 'success' : view.state === 'pending' || view.state === 'approved' ? 'info' : 'error';
  return { visibility: 'public', tone, summary: title, blocks };
}
