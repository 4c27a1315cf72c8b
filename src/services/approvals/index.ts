export { approvalChannelOf, getApproval, listApprovals, recordApprovalMessage, setApprovalChannel } from './channels.js';
export { decideApproval, decideInput, expireApprovals, resumeApproved, type DecisionOutcome } from './decide.js';
export { policyOf, previewOperation, ruleFor, submitOperation, type GateOutcome } from './gate.js';
export { changeLines, toApprovalView, type ApprovalView, type ChangeLine } from './view.js';
