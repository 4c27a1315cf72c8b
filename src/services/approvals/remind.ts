import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import type { ServiceDeps } from '../context.js';
import { operationsOf } from '../operations.js';
import { toApprovalDto, type ApprovalDto } from './approval-dto.js';
import { policyOf } from './hold.js';

/**
 * The pending requests whose reminder is due, each claimed by one process only: the reminder count
 * moves on from the value read (a conditional update that leaves the request's version alone, so a
 * decision racing it is unaffected), and the next one is set twice as far off as the last. Returns
 * the requests this process claimed, for the platforms to remind their approvers.
 */
export async function remindApprovers(deps: ServiceDeps): Promise<ApprovalDto[]> {
  const { reminderMs } = policyOf(deps);
  const now = deps.clock.now();
  const em = deps.orm.em.fork();
  const due = await em.find(
    ApprovalRequest,
    { state: 'pending', nextReminderAt: { $lte: now }, expiresAt: { $gt: now } },
    { populate: ['requester', 'account'], limit: 200 },
  );
  const reminded: ApprovalDto[] = [];
  for (const request of due) {
    const sent = request.remindersSent + 1;
    const next = reminderMs === null ? null : new Date(now.getTime() + reminderMs * 2 ** sent);
    const claimed = await em.nativeUpdate(
      ApprovalRequest,
      { id: request.id, state: 'pending', remindersSent: request.remindersSent },
      { remindersSent: sent, nextReminderAt: next },
    );
    if (claimed !== 1) continue;
    Object.assign(request, { remindersSent: sent, nextReminderAt: next });
    reminded.push(toApprovalDto(request, operationsOf(deps)));
  }
  return reminded;
}
