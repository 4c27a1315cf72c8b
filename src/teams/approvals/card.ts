import type { ApprovalDto } from '../../services/approvals/index.js';
import { approvalCard } from '../../../views/replies/approval-card.js';
import { REASON_MAX } from '../../../views/forms/approval-forms.js';
import { isFinal, isOpen } from '../../../views/replies/approval-notices.js';
import type { Reply } from '../../../views/reply.js';
import { card, plainText, type AdaptiveCard, type CardAction, type CardElement } from '../cards/elements.js';
import { renderReplyCard } from '../cards/reply-card.js';
import { VERBS, type ApprovalCardState } from '../cards/verbs.js';
import { teamsRef } from './places.js';

export const REASON_INPUT = 'reason';

export interface ApprovalCardOptions {
  /** `requester`: the one who asked sees the card without Approve and Deny. */
  viewer: 'everyone' | 'requester';
  now: Date;
  /** A line above the card for the one who clicked: what their click did. */
  note?: { text: string; tone: Reply['tone'] };
  /** The deny step: the reason input instead of Approve and Deny; `error` under it. */
  reason?: { error?: string };
}

const NOTE_STYLE = { success: 'good', error: 'attention', info: 'emphasis' } as const;

function execute(
  title: string,
  verb: string,
  state: ApprovalCardState,
  extra: Record<string, unknown> = {},
): CardAction {
  return { type: 'Action.Execute', title, verb, data: { sb: state }, associatedInputs: 'none', ...extra };
}

function reasonElements(error: string | undefined): CardElement[] {
  const elements: CardElement[] = [
    {
      type: 'Input.Text',
      id: REASON_INPUT,
      label: 'Why do you deny it? The requester is told.',
      isMultiline: true,
      isRequired: true,
      maxLength: REASON_MAX,
      errorMessage: 'Say why you deny it',
    },
  ];
  if (error)
    elements.push(
      plainText(error, { color: 'attention', size: 'small' }, { id: `${REASON_INPUT}-error`, spacing: 'small' }),
    );
  return elements;
}

/**
 * An approval request as an Adaptive Card 1.5, from the platform-neutral `approvalCard`: what
 * changes (before → after), who asked, when it expires, the outcome once decided. While it is
 * open, Approve and Deny are `Action.Execute`, and `refresh` asks Switchboard for the current
 * card whenever someone looks at it (the requester, listed in `userIds`, gets their own view).
 */
export function renderApprovalCard(view: ApprovalDto, options: ApprovalCardOptions): AdaptiveCard {
  const neutral = approvalCard(view);
  const rendered = renderReplyCard(
    { ...neutral, blocks: neutral.blocks.filter((b) => b.type !== 'actions') },
    { audience: 'everyone' },
  );
  const open = isOpen(view, options.now);
  const state: ApprovalCardState = { approval: view.id };
  const body: CardElement[] = [];
  if (options.note) {
    body.push({
      type: 'Container',
      style: NOTE_STYLE[options.note.tone],
      items: [plainText(options.note.text, { weight: 'bolder' })],
    });
  }
  body.push(...rendered.body);
  if (view.state === 'pending' && !open)
    body.push(plainText('This request has expired: Approve and Deny no longer change anything.', { isSubtle: true }));
  let actions: CardAction[] = [];
  if (open && options.viewer === 'requester') {
    body.push(
      plainText('You asked for this change, so another Administrator approves or denies it.', { isSubtle: true }),
    );
  } else if (open && options.reason) {
    // Deny's confirmation (the neutral card's `confirm`) is this step: its words, then the reason.
    const confirm = neutral.blocks
      .flatMap((b) => (b.type === 'actions' ? b.actions : []))
      .find((a) => a.confirm)?.confirm;
    if (confirm) body.push(plainText(confirm.title, { weight: 'bolder' }), plainText(confirm.text, { isSubtle: true }));
    body.push(...reasonElements(options.reason.error));
    actions = [
      execute(
        confirm?.yes ?? 'Deny',
        VERBS.approvalDeny,
        { ...state, step: 'reason' },
        { style: 'destructive', associatedInputs: 'auto' },
      ),
      execute('Back', VERBS.approvalRefresh, state),
    ];
  } else if (open) {
    actions = [
      execute('Approve', VERBS.approvalApprove, state, { style: 'positive' }),
      execute('Deny', VERBS.approvalDeny, state, { style: 'destructive' }),
    ];
  }
  // After a final state nothing changes any more (no refresh); the deny step keeps what is being typed.
  const live = !isFinal(view) && !options.reason;
  const requester = teamsRef(view)?.extra.requesterUser;
  const refresh = live
    ? {
        refresh: {
          action: execute('Refresh', VERBS.approvalRefresh, state),
          ...(requester ? { userIds: [requester] } : {}),
        },
      }
    : {};
  const { body: _body, actions: _actions, type: _type, version: _version, ...extra } = rendered;
  return card(body, actions, { ...extra, fallbackText: neutral.summary, ...refresh });
}
