export {
  approvalChannelOf,
  getApproval,
  listApprovals,
  recordApprovalMessage,
  setApprovalChannel,
} from './channels.js';
export { decideApproval, decideInput, expireApprovals, resumeApproved, type DecisionOutcome } from './decide.js';
export { policyOf, previewOperation, submitChange, submitOperation, type GateOutcome } from './hold.js';
export { mayNeedApproval, ruleFor, type HeldBecause, type Preview } from './rules.js';
export { changeLines, toApprovalDto, type ApprovalDto, type ChangeLine } from './approval-dto.js';
export { remindApprovers } from './remind.js';
