import type { ApprovalDecision, ApprovalMessageRef, ApprovalState } from '../entities/approval-request.js';

/** One line of what a request changes: `Administrator: No → Yes`. */
export interface ChangeLine {
  field: string;
  before: string | null;
  after: string | null;
}

export interface ApprovalDto {
  id: string;
  accountId: string;
  operationName: string;
  /** What the operation is called on the card and in the audit, e.g. "Delete user". */
  operationLabel: string;
  reason: string;
  /** Someone asked for something for themselves (an access request): any Administrator but them decides. */
  selfService: boolean;
  targetName: string | null;
  changes: ChangeLine[];
  requester: { id: string; userId: string; name: string };
  platform: string;
  messageRef: ApprovalMessageRef | null;
  state: ApprovalState;
  required: number;
  decisions: ApprovalDecision[];
  outcome: string | null;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  /** Reminders sent to the approvers so far. */
  remindersSent: number;
}
