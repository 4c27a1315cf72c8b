/**
 * What the cards send back. `verb` routes an Action.Execute (adaptiveCard/action) or a dialog
 * submission; `sb` carries the hidden state, so that it never collides with an input id.
 */
export const VERBS = {
  /** Action.Execute: run a command line (reply actions, table paging). */
  command: 'sb.command',
  /** Action.Execute: submit a form shown in the conversation. */
  formSubmit: 'sb.form.submit',
  /** Action.Execute: close a form shown in the conversation without submitting it. */
  formCancel: 'sb.form.cancel',
  /** Action.Execute (refresh): show the form to the one who opened it (group chats, channels). */
  formOpen: 'sb.form.open',
  /** task/fetch: open a command's form as a dialog. */
  dialogOpen: 'sb.dialog.open',
  /** Dialog Action.Submit: which user a form is about, then the form. */
  dialogPick: 'sb.dialog.pick',
  /** Dialog Action.Submit: submit the form. */
  dialogSubmit: 'sb.dialog.submit',
  /** Action.Execute on an approval card: approve the request. */
  approvalApprove: 'sb.approval.approve',
  /** Action.Execute on an approval card: ask for the reason, then deny. */
  approvalDeny: 'sb.approval.deny',
  /** Action.Execute (refresh, Back): the request's card as it is now, for the one who sees it. */
  approvalRefresh: 'sb.approval.refresh',
} as const;

/** Keys of a card's data that are not inputs; no form field may use them as its id. */
export const RESERVED_KEYS = ['verb', 'sb', 'msteams'] as const;

/** The words for anyone else who clicks a form card or submits its dialog. */
export const ONLY_REQUESTER = 'Only the person who opened this form can fill it in.';

/** Whether `from` may fill in the form: anyone when it names no requester, else only the requester. */
export const mayFillIn = (state: FormState, from: string | undefined): boolean =>
  !state.requester || from === state.requester;

/** The hidden state a form card carries. */
export interface FormState {
  formId: string;
  /** Identifies this card: a completed card cannot be submitted again. */
  cardId: string;
  /** The command line that opened the form (to open it again, e.g. on refresh). */
  command: string;
  metadata: Record<string, string | number>;
  /** The AAD object id of the one who opened it, when known. */
  requester?: string;
}

export function isFormState(value: unknown): value is FormState {
  const v = value as FormState | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.formId === 'string' &&
    typeof v.cardId === 'string' &&
    typeof v.command === 'string' &&
    typeof v.metadata === 'object' &&
    v.metadata !== null
  );
}

/** The hidden state an approval card carries: the request, and whether the deny reason is being asked. */
export interface ApprovalCardState {
  approval: string;
  step?: 'reason';
}

export function isApprovalCardState(value: unknown): value is ApprovalCardState {
  const v = value as ApprovalCardState | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.approval === 'string' &&
    v.approval.length > 0 &&
    v.approval.length <= 64
  );
}
