import type { ApprovalRequest } from '../../domain/entities/approval-request.js';
import type { ServiceError } from '../../domain/errors.js';

/**
 * Why an approved change could not be made, for the card, the approver and the requester. The
 * change is made as its requester, so a refusal of them (AUTH.*) is told as what it is about
 * the requester, not in the words they would be told themselves ("You are not ...").
 */
export function whyNotDone(request: ApprovalRequest, error: ServiceError): string {
  if (error.code === 'USER.CONFLICT') return changedSinceRequest(request);
  if (error.code.startsWith('AUTH.')) return requesterMayNot(request, error);
  return error.message;
}

/** A held change is pinned to its target as it was judged; a change to the target since then voids it. */
function changedSinceRequest(request: ApprovalRequest): string {
  const who = request.preview.targetName ?? 'the user';
  return (
    `${who} was changed after this request was made, so the approval no longer matches them; nothing was changed. ` +
    'Ask again if it is still wanted.'
  );
}

/** The requester was refused while the change was made as them: disabled, demoted, or lost access since asking. */
function requesterMayNot(request: ApprovalRequest, error: ServiceError): string {
  const { requester, account } = request;
  const who = `the requester ${requester.name} (${requester.userId})`;
  const why =
    error.code === 'AUTH.NOT_PORTAL_USER'
      ? `${who} is no longer an enabled portal user of ${account.name}`
      : requester.administrator
        ? `${who} is no longer allowed to make this change in ${account.name}`
        : `${who} is no longer allowed to make this change (they are not an Administrator of ${account.name} now)`;
  return `${why}, and it is made as them. Nothing was changed; if it is still wanted, an Administrator can make it.`;
}
