import type { ApprovalDto, ChangeLine } from '../../src/domain/dto/approval-dto.js';
import type { Reply, ReplyBlock } from '../reply.js';
import { USER_FORMS } from '../forms/user-forms.js';
import { VOICE_FORMS } from '../forms/voice-forms.js';
import { utcMinute as when } from './time.js';

/** Field labels as the forms show them (`preDirectional` → `Directional (before street)`); the first form naming one wins. */
const FORM_LABELS = new Map<string, string>();
for (const field of [...USER_FORMS, ...VOICE_FORMS].flatMap((form) => form.fields)) {
  if (!FORM_LABELS.has(field.id)) FORM_LABELS.set(field.id, field.label);
}

/** Names the snapshots use that no form asks for. */
const OTHER_LABELS: Record<string, string> = {
  userId: 'User ID',
  e911: 'E911',
  state: 'State',
  userLabel: 'User Label',
  lastLogin: 'Last login',
};

/** `camelCase` as words: `mustChangeAtFirstUse` → `Must change at first use`. */
const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** A changed field's name as a person reads it: `e911.preDirectional` → `E911: Directional (before street)`. */
export function fieldLabel(path: string): string {
  const label = (key: string) => OTHER_LABELS[key] ?? FORM_LABELS.get(key) ?? words(key);
  const parts = path.split('.');
  const last = parts.pop()!;
  return [...parts.map(label), label(last)].join(': ');
}

/** The before → after table of a request's changes, with readable field names. */
export function changesTable(changes: ChangeLine[]): ReplyBlock {
  const rows = changes.map((c) => [fieldLabel(c.field), c.before ?? '-', c.after ?? '-']);
  return { type: 'table', columns: ['Field', 'Before', 'After'], rows };
}

/** Why a request waits, as the card and the requester's reply say it. */
export const whyApproval = (view: Pick<ApprovalDto, 'reason' | 'selfService'>): string =>
  view.selfService
    ? `${capital(view.reason)} is decided by an Administrator other than the requester`
    : `Policy: ${view.reason} needs a second Administrator`;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const HEADLINE: Record<ApprovalDto['state'], string> = {
  pending: 'Approval needed',
  approved: 'Approved, being carried out',
  executed: 'Approved and done',
  denied: 'Denied',
  expired: 'Expired',
  failed: 'Approved, but it could not be done',
};

/** Asked before Deny runs (a platform's confirmation dialog). */
const DENY_CONFIRM = {
  title: 'Deny this change?',
  text: 'You will be asked for a reason; the requester is told it. Nothing is changed.',
  yes: 'Deny',
};

/**
 * The card of an approval request, the same for everyone who sees it: what changes (before
 * → after, secrets never included), who asked, when it expires, and while it is pending the
 * Approve and Deny buttons. After a decision the same card shows who decided and the outcome.
 */
export function approvalCard(view: ApprovalDto): Reply {
  const what = view.operationLabel;
  const title = `${HEADLINE[view.state]}: ${what}${view.targetName ? ` ${view.targetName}` : ''}`;
  const blocks: ReplyBlock[] = [
    { type: 'header', text: title },
    {
      type: 'fields',
      fields: [
        { label: 'Why approval', value: whyApproval(view) },
        { label: 'Requested by', value: `${view.requester.name} (${view.requester.userId}) from ${view.platform}` },
        { label: 'Requested at', value: when(view.createdAt) },
        {
          label: view.state === 'pending' ? 'Expires' : 'Decided',
          value: when(view.state === 'pending' ? view.expiresAt : (view.decidedAt ?? view.expiresAt)),
        },
        ...(view.required > 1
          ? [
              {
                label: 'Approvals',
                value: `${view.decisions.filter((d) => d.decision === 'approve').length} of ${view.required}`,
              },
            ]
          : []),
      ],
    },
  ];
  if (view.changes.length > 0) {
    blocks.push(changesTable(view.changes));
  }
  if (view.outcome) blocks.push({ type: 'text', text: view.outcome });
  if (view.state === 'pending') {
    blocks.push({
      type: 'actions',
      actions: [
        { label: 'Approve', command: `approvals approve ${view.id}`, style: 'primary' },
        { label: 'Deny', command: `approvals deny ${view.id}`, style: 'danger', confirm: DENY_CONFIRM },
      ],
    });
  }
  const tone =
    view.state === 'executed' ? 'success' : view.state === 'pending' || view.state === 'approved' ? 'info' : 'error';
  return { visibility: 'public', tone, summary: title, blocks };
}
