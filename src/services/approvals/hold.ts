import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../../domain/approval-policy.js';
import { Account } from '../../domain/entities/account.js';
import { ApprovalChannel } from '../../domain/entities/approval-channel.js';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { Actor, ServiceDeps } from '../context.js';
import { execute, type Operation, type OperationName, type OperationResult } from '../operations.js';
import { auditEvent, DryRunRollback } from '../run.js';
import { localProvisioner } from '../voice/provisioning.js';
import { pinVersion } from './pin-version.js';
import { mayNeedApproval, needsTargetFacts, ruleFor, type Preview, type TargetFacts } from './rules.js';
import { toApprovalDto, type ApprovalDto } from './approval-dto.js';

export function policyOf(deps: ServiceDeps): ApprovalPolicy {
  return deps.settings.approvals ?? DEFAULT_APPROVAL_POLICY;
}

/** Runs an operation with every check against the current state, and rolls it back. */
export async function previewOperation(deps: ServiceDeps, actor: Actor, operation: Operation): Promise<Preview> {
  const dry = {
    ...deps,
    change: { dryRun: true },
    voice: { ...(deps as { voice?: object }).voice, provisioner: localProvisioner },
  };
  try {
    await execute(dry, actor, operation);
  } catch (error) {
    if (error instanceof DryRunRollback) return error.preview;
    throw error;
  }
  throw new Error(`${operation.name} did not run as a dry run`);
}

export type GateOutcome<N extends OperationName> =
  | { kind: 'done'; result: OperationResult<N> }
  | {
      kind: 'held';
      approval: ApprovalDto;
      channel: { platform: string; channel: string; extra: Record<string, string> } | null;
    };

/**
 * Carries out an operation, or, when the approval policy covers it, stores it as an approval
 * request for a second Administrator. A held operation has passed every check against the
 * current state (a dry run), so a request is never stored for a change that cannot be made.
 */
export async function submitOperation<N extends OperationName>(
  deps: ServiceDeps,
  actor: Actor,
  operation: Operation<N>,
): Promise<GateOutcome<N>> {
  const policy = policyOf(deps);
  if (!mayNeedApproval(policy, operation)) return { kind: 'done', result: await execute(deps, actor, operation) };
  // A held change is pinned to the version of its target judged now: an edit made before the
  // approval (an email, say) makes the approval fail rather than apply to someone else.
  const pinned = await pinVersion(deps, actor, operation);
  const preview = await previewOperation(deps, actor, pinned);
  const held = ruleFor(
    policy,
    pinned,
    preview,
    needsTargetFacts(policy, pinned) ? await targetFacts(deps, preview) : null,
  );
  if (!held) return { kind: 'done', result: await execute(deps, actor, operation) };
  return deps.orm.em.fork().transactional(async (em) => {
    const now = deps.clock.now();
    const requester = await em.findOneOrFail(PortalUser, { id: actor.userId }, { populate: ['account'] });
    const request = Object.assign(new ApprovalRequest(), {
      account: em.getReference(Account, requester.account.id),
      operationName: operation.name,
      operationInput: pinned.input as Record<string, unknown>,
      reason: held.reason,
      preview: { targetName: preview.target?.targetName ?? null, before: preview.before, after: preview.after },
      requester,
      platform: actor.platform,
      required: policy.required,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.ttlMs),
    });
    em.persist(request);
    em.persist(
      auditEvent(
        {
          accountId: requester.account.id,
          actorId: requester.id,
          actorName: requester.name,
          platform: actor.platform,
          action: 'approval.request',
          outcome: 'success',
          targetType: 'approval',
          targetId: request.id,
          targetName: `${operation.name} ${preview.target?.targetName ?? ''}`.trim(),
          after: {
            operation: operation.name,
            rule: held.rule,
            reason: held.reason,
            before: preview.before,
            after: preview.after,
          },
        },
        now,
      ),
    );
    await em.flush();
    const channel = await em.findOne(ApprovalChannel, { account: requester.account, platform: actor.platform });
    return {
      kind: 'held',
      approval: toApprovalDto(request),
      channel: channel ? { platform: channel.platform, channel: channel.channel, extra: channel.extra } : null,
    };
  });
}

/** Whether the user a change is about is an Administrator now. */
async function targetFacts(deps: ServiceDeps, preview: Preview): Promise<TargetFacts | null> {
  if (preview.target?.targetType !== 'user') return null;
  const user = await deps.orm.em.fork().findOne(PortalUser, { id: preview.target.targetId });
  return user ? { administrator: user.administrator } : null;
}
