import type { GrantState } from '../entities/grant.js';

/** A time-boxed grant as the services return it. */
export interface GrantDto {
  id: string;
  /** The first 8 characters of the id: enough to name it in `revoke`. */
  shortId: string;
  user: { id: string; userId: string; name: string };
  requester: { id: string; userId: string; name: string };
  permission: string;
  previousValue: string;
  reason: string;
  approvers: string[];
  /** The approval request it came from, if it waited for one. */
  approvalRequestId: string | null;
  platform: string;
  state: GrantState;
  startedAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  outcome: string | null;
  /** Who set its area on purpose while it ran (its end leaves the area as they set it). */
  changedBy: string | null;
  /** The portal user who revoked it, when someone did. */
  revokedById: string | null;
}
