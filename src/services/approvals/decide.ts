import { z } from 'zod/v4';
import { ApprovalRequest, type ApprovalDecision } from '../../domain/entities/approval-request.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { isServiceError, ServiceError } from '../../domain/errors.js';
import type { Actor, ChangeHooks, ChangeScope, Platform, ServiceDeps } from '../context.js';
import { execute, operationsOf } from '../operations.js';
import { loadActor } from '../load-actor.js';
import { auditEvent } from '../run.js';
import { parseInput } from '../validate.js';
import { toApprovalDto, type ApprovalDto } from './approval-dto.js';
import { countApprovals, lapsedNote, type CountedApprovals } from './counted-approvals.js';
import { whyNotDone } from './why-not-done.js';

export const decideInput = z.object({
  request: z.string({ error: 'Give the approval request id' }).trim().min(1, 'Give the approval request id'),
  decision: z.enum(['approve', 'deny'], { error: 'Decide approve or deny' }),
  reason: z.string().trim().max(500, 'The reason must be at most 500 characters').optional(),
});

export type DecisionOutcome =
  /** This click decided it: `approval.state` says how (executed, failed, denied, or still pending for more approvals). */
  | { kind: 'decided'; approval: ApprovalDto }
  /** Someone (or something) decided it before; nothing changed. */
  | { kind: 'already-decided'; approval: ApprovalDto }
  | { kind: 'expired'; approval: ApprovalDto };

/** Lost the race to decide: rolls the execution back without auditing a refusal. */
class AlreadyDecided extends Error {}

/**
 * Counted again inside the change's transaction, the approvals no longer make up the number
 * required (an approver was demoted or disabled after the decision): rolls the execution back.
 */
class ApprovalsLapsed extends Error {
  constructor(readonly counted: CountedApprovals) {
    super('the approvals no longer make up the number required');
  }
}

async function load(deps: ServiceDeps, id: string, accountId: string): Promise<ApprovalRequest> {
  const request = /^[0-9a-f-]{36}$/i.test(id)
    ? await deps.orm.em
        .fork()
        .findOne(ApprovalRequest, { id, account: accountId }, { populate: ['requester', 'account'] })
    : null;
  if (!request)
    throw ServiceError.field(
      'APPROVAL.NOT_FOUND',
      'request',
      `No approval request ${id} in this account; see \`approvals\`.`,
    );
  return request;
}

/**
 * Moves a request on from the state and version it was read in, only if nobody else moved it
 * since: the one place where concurrent decisions are settled. Updates `request` on success.
 */
async function transition(
  scope: Pick<ChangeScope, 'em'>,
  request: ApprovalRequest,
  changes: Partial<ApprovalRequest>,
): Promise<boolean> {
  const updated = await scope.em.nativeUpdate(
    ApprovalRequest,
    { id: request.id, state: request.state, version: request.version },
    { ...changes, version: request.version + 1 },
  );
  if (updated === 1) Object.assign(request, changes, { version: request.version + 1 });
  return updated === 1;
}

function audit(
  deps: ServiceDeps,
  request: ApprovalRequest,
  actor: PortalUser | null,
  platform: string,
  action: string,
  after: Record<string, unknown>,
  outcome: 'success' | 'refused' | 'failed' = 'success',
  errorCode: string | null = null,
) {
  return auditEvent(
    {
      accountId: request.account.id,
      actorId: actor?.id ?? null,
      actorName: actor?.name ?? 'Switchboard',
      platform,
      action,
      outcome,
      errorCode,
      targetType: 'approval',
      targetId: request.id,
      targetName: `${request.operationName} ${request.preview.targetName ?? ''}`.trim(),
      after,
    },
    deps.clock.now(),
  );
}

async function reload(deps: ServiceDeps, request: ApprovalRequest): Promise<ApprovalDto> {
  return toApprovalDto(await load(deps, request.id, request.account.id), operationsOf(deps));
}

/**
 * An Administrator's decision on a request. Approving it (with enough approvals) carries the
 * operation out as the requester, re-checked against the current state, exactly once: the
 * request is marked executed inside the operation's own transaction, only if it is still
 * pending, so two clicks, a retried delivery or two processes make one change. A refusal of
 * the operation marks the request failed with its message.
 */
export async function decideApproval(deps: ServiceDeps, actor: Actor, input: unknown): Promise<DecisionOutcome> {
  const outcome = await decide(deps, actor, input);
  const settled = outcome.kind === 'expired' || (outcome.kind === 'decided' && outcome.approval.state !== 'pending');
  // The platform the request came from updates its card and tells the requester (the deciding
  // platform handles its own from the decision's reply).
  if (settled && outcome.approval.platform !== actor.platform) await deps.approvalEvents.publish([outcome.approval]);
  return outcome;
}

/**
 * How many times one decision is tried: a try is lost only when another decision on the same
 * request was recorded first, and a request has few approvers, so a few tries always settle it.
 */
const TRIES = 5;

async function decide(deps: ServiceDeps, actor: Actor, input: unknown): Promise<DecisionOutcome> {
  const data = parseInput(decideInput, input);
  const em = deps.orm.em.fork();
  const approver = await loadActor(em, actor);
  let request = await load(deps, data.request, approver.account.id);
  const refuse = async (error: ServiceError) => {
    await em
      .fork()
      .persist(audit(deps, request, approver, actor.platform, `approval.${data.decision}`, {}, 'refused', error.code))
      .flush();
    throw error;
  };
  if (!approver.administrator)
    await refuse(new ServiceError('AUTH.FORBIDDEN', 'Only portal Administrators can decide approval requests.'));
  if (request.state !== 'pending')
    return { kind: 'already-decided', approval: toApprovalDto(request, operationsOf(deps)) };
  if (request.expiresAt.getTime() <= deps.clock.now().getTime()) {
    await expireOne(deps, request);
    return { kind: 'expired', approval: await reload(deps, request) };
  }
  if (request.requester.id === approver.id) {
    await refuse(
      new ServiceError(
        'APPROVAL.SELF',
        'You asked for this change, so another Administrator has to approve or deny it.',
      ),
    );
  }
  if (data.decision === 'deny' && !data.reason) {
    throw ServiceError.field('VALIDATION.INVALID', 'reason', 'Say why you deny it; the requester is told.');
  }
  for (let tried = 1; ; tried++) {
    const outcome = await decideOnce(deps, request, approver, actor.platform as Platform, data);
    if (outcome) return outcome;
    // Another decision was recorded first. While the request still waits and this approver's
    // decision is not in it, merge it into the request as it is now and try again.
    const current = await load(deps, request.id, request.account.id);
    const waiting = current.state === 'pending' && !current.decisions.some((d) => d.by === approver.id);
    if (!waiting || tried === TRIES)
      return { kind: 'already-decided', approval: toApprovalDto(current, operationsOf(deps)) };
    request = current;
  }
}

type Decision = z.infer<typeof decideInput>;

/**
 * Adds this decision to the request as it was read and moves the request on from there: denied,
 * still pending (too few approvals that count), or approved and carried out. Null when another
 * decision moved the request on since it was read, and nothing was changed.
 */
async function decideOnce(
  deps: ServiceDeps,
  request: ApprovalRequest,
  approver: PortalUser,
  platform: Platform,
  data: Decision,
): Promise<DecisionOutcome | null> {
  const now = deps.clock.now();
  const decision: ApprovalDecision = {
    by: approver.id,
    byName: approver.name,
    decision: data.decision,
    reason: data.reason ?? null,
    at: now.toISOString(),
  };
  const decisions = [...request.decisions.filter((d) => d.by !== approver.id), decision];
  const em = deps.orm.em.fork();

  if (data.decision === 'deny') {
    const done = await em.transactional(async (tx) => {
      const outcome = `Denied by ${approver.name}: ${data.reason}`;
      if (!(await transition({ em: tx }, request, { state: 'denied', decisions, decidedAt: now, outcome })))
        return false;
      tx.persist(audit(deps, request, approver, platform, 'approval.deny', { reason: data.reason }));
      return true;
    });
    return done ? { kind: 'decided', approval: await reload(deps, request) } : null;
  }

  const { counted, lapsed } = await countApprovals(em, request, decisions, approver);
  if (counted.length >= request.required) return executeApproved(deps, request, approver, platform, counted);
  const done = await em.transactional(async (tx) => {
    // Only the approvals that count stay on the request; the card says whose stopped counting.
    const outcome = lapsedNote(lapsed, request.account.name);
    if (!(await transition({ em: tx }, request, { decisions: counted, outcome }))) return false;
    const after = {
      approvals: counted.length,
      required: request.required,
      ...(lapsed.length > 0 ? { notCounted: lapsed.map((d) => d.byName) } : {}),
    };
    tx.persist(audit(deps, request, approver, platform, 'approval.approve', after));
    return true;
  });
  return done ? { kind: 'decided', approval: await reload(deps, request) } : null;
}

/**
 * Claims the request (pending → approved) in one conditional update, so of any number of
 * simultaneous approvals only one goes on; then carries the operation out as the requester,
 * marking the request executed inside the operation's own transaction (approved → executed),
 * so the change and the mark commit together or not at all. Null when the claim was lost.
 */
async function executeApproved(
  deps: ServiceDeps,
  request: ApprovalRequest,
  approver: PortalUser,
  platform: Platform,
  decisions: ApprovalDecision[],
): Promise<DecisionOutcome | null> {
  if (!operationsOf(deps).byName(request.operationName)) throw new Error(`unknown operation ${request.operationName}`);
  const now = deps.clock.now();
  const claimed = await transition({ em: deps.orm.em.fork() }, request, {
    state: 'approved',
    decisions,
    decidedAt: now,
    outcome: `Approved by ${decisions.map((d) => d.byName).join(', ')}; being carried out.`,
  });
  if (!claimed) return null;
  return carryOut(deps, request, approver, platform);
}

/** Carries out an approved request exactly once; also used to finish one a crash interrupted. */
export async function carryOut(
  deps: ServiceDeps,
  request: ApprovalRequest,
  approver: PortalUser | null,
  platform: Platform,
): Promise<DecisionOutcome> {
  const approverNames = request.decisions.filter((d) => d.decision === 'approve').map((d) => d.byName);
  const approverName = approverNames.join(', ') || (approver?.name ?? 'an Administrator');
  const hooks: ChangeHooks = {
    async inTransaction(scope: ChangeScope) {
      // Counted when the change is made, after the account's lock that a demotion takes too: one
      // made since the decision, or while a crash held the request approved, is seen here.
      const recount = await countApprovals(scope.em, request, request.decisions, null);
      if (recount.counted.length < request.required) throw new ApprovalsLapsed(recount);
      const done = await transition(scope, request, {
        state: 'executed',
        outcome: `Approved by ${approverName}; done.`,
      });
      if (!done) throw new AlreadyDecided();
      scope.em.persist(audit(deps, request, approver, platform, 'approval.approve', { executed: true }));
    },
    auditNote: { approvalRequest: request.id, approvedBy: approverNames.join(', ') },
    approval: { requestId: request.id, approvers: approverNames },
  };
  const claimedVersion = request.version;
  try {
    await execute(
      deps,
      { userId: request.requester.id, platform: request.platform as Platform },
      { name: request.operationName, input: request.operationInput },
      hooks,
    );
    return { kind: 'decided', approval: await reload(deps, request) };
  } catch (error) {
    if (error instanceof AlreadyDecided) return { kind: 'already-decided', approval: await reload(deps, request) };
    // The execution was rolled back: the request is as it was claimed.
    Object.assign(request, { state: 'approved', version: claimedVersion });
    if (error instanceof ApprovalsLapsed) return backToPending(deps, { request, approver, platform }, error.counted);
    if (!isServiceError(error)) throw error;
    // The change cannot be made any more (e.g. the user was deleted meanwhile): the request fails with why.
    const outcome = `Approved by ${approverName}, but it could not be done: ${whyNotDone(request, error)}`;
    const failed = await deps.orm.em.fork().transactional(async (tx) => {
      if (!(await transition({ em: tx }, request, { state: 'failed', outcome }))) return false;
      tx.persist(
        audit(deps, request, approver, platform, 'approval.approve', { executed: false }, 'failed', error.code),
      );
      return true;
    });
    return { kind: failed ? 'decided' : 'already-decided', approval: await reload(deps, request) };
  }
}

/**
 * An approved request whose approvals stopped counting before its change was made waits again
 * for approvals, keeping those that still count; the card says whose stopped counting.
 */
async function backToPending(
  deps: ServiceDeps,
  { request, approver, platform }: { request: ApprovalRequest; approver: PortalUser | null; platform: Platform },
  { counted, lapsed }: CountedApprovals,
): Promise<DecisionOutcome> {
  const outcome = lapsedNote(lapsed, request.account.name);
  const waits = await deps.orm.em.fork().transactional(async (tx) => {
    const changes = { state: 'pending' as const, decisions: counted, decidedAt: null, outcome };
    if (!(await transition({ em: tx }, request, changes))) return false;
    const after = { executed: false, approvals: counted.length, notCounted: lapsed.map((d) => d.byName) };
    tx.persist(audit(deps, request, approver, platform, 'approval.approve', after));
    return true;
  });
  return { kind: waits ? 'decided' : 'already-decided', approval: await reload(deps, request) };
}

/** Finishes requests approved more than a minute ago whose execution a crash interrupted. */
export async function resumeApproved(deps: ServiceDeps): Promise<ApprovalDto[]> {
  const stale = new Date(deps.clock.now().getTime() - 60_000);
  const rows = await deps.orm.em
    .fork()
    .find(
      ApprovalRequest,
      { state: 'approved', decidedAt: { $lte: stale } },
      { populate: ['requester', 'account'], limit: 100 },
    );
  const done: ApprovalDto[] = [];
  for (const request of rows) {
    const outcome = await carryOut(deps, request, null, 'system');
    if (outcome.kind === 'decided') done.push(outcome.approval);
  }
  return done;
}

async function expireOne(deps: ServiceDeps, request: ApprovalRequest): Promise<boolean> {
  return deps.orm.em.fork().transactional(async (tx) => {
    if (
      !(await transition({ em: tx }, request, {
        state: 'expired',
        decidedAt: deps.clock.now(),
        outcome: 'Expired before a decision.',
      }))
    )
      return false;
    tx.persist(audit(deps, request, null, 'system', 'approval.expire', {}));
    return true;
  });
}

/** Marks every pending request past its expiry as expired; returns them, to update their cards and tell the requesters. */
export async function expireApprovals(deps: ServiceDeps): Promise<ApprovalDto[]> {
  const due = await deps.orm.em
    .fork()
    .find(
      ApprovalRequest,
      { state: 'pending', expiresAt: { $lte: deps.clock.now() } },
      { populate: ['requester', 'account'], limit: 500 },
    );
  const expired: ApprovalDto[] = [];
  for (const request of due) if (await expireOne(deps, request)) expired.push(await reload(deps, request));
  return expired;
}
