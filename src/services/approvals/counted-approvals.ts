import type { EntityManager } from '@mikro-orm/core';
import type { ApprovalDecision, ApprovalRequest } from '../../domain/entities/approval-request.js';
import { PortalUser } from '../../domain/entities/portal-user.js';

export interface CountedApprovals {
  /** Approvals by people who are enabled Administrators of the request's account now. */
  counted: ApprovalDecision[];
  /** Approvals by people who have since been demoted, disabled or deleted. */
  lapsed: ApprovalDecision[];
}

/**
 * Splits a request's approvals into those that count now and those that no longer do: an
 * approval counts only while its approver is an enabled Administrator of the account (and
 * never the requester's own). Read at the moment of deciding, so an approver demoted or
 * disabled after approving no longer makes up the number required. `approver`, who decides
 * now, was just checked; only the others are read (everyone's when there is none: inside the
 * change's transaction, just before it is carried out).
 */
export async function countApprovals(
  em: EntityManager,
  request: ApprovalRequest,
  decisions: ApprovalDecision[],
  approver: PortalUser | null,
): Promise<CountedApprovals> {
  const approvals = decisions.filter((d) => d.decision === 'approve' && d.by !== request.requester.id);
  const others = approvals.map((d) => d.by).filter((id) => id !== approver?.id);
  const administrators =
    others.length === 0
      ? []
      : await em.find(
          PortalUser,
          { id: { $in: others }, account: request.account.id, administrator: true, state: 'enabled' },
          { fields: ['id'] },
        );
  const current = new Set([...(approver ? [approver.id] : []), ...administrators.map((user) => user.id)]);
  return {
    counted: approvals.filter((d) => current.has(d.by)),
    lapsed: approvals.filter((d) => !current.has(d.by)),
  };
}

/** Says on the card whose approvals stopped counting, and why; null when none did. */
export function lapsedNote(lapsed: ApprovalDecision[], accountName: string): string | null {
  const names = lapsed.map((d) => d.byName);
  if (names.length === 0) return null;
  if (names.length === 1)
    return `${names[0]}'s approval no longer counts: they are no longer an enabled Administrator of ${accountName}.`;
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `The approvals of ${list} no longer count: they are no longer enabled Administrators of ${accountName}.`;
}
