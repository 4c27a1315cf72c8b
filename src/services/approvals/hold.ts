import type { z } from 'zod/v4';
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../../domain/approval-policy.js';
import { Account } from '../../domain/entities/account.js';
import { ApprovalChannel } from '../../domain/entities/approval-channel.js';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { Actor, CommitWithChange, ServiceDeps } from '../context.js';
import type { AnyOperation, OperationDefinition } from '../operation.js';
import { definitionOf, operationsOf, type Operation, type OperationName, type OperationResult } from '../operations.js';
import { auditEvent, DryRunRollback, runOperation } from '../run.js';
import { pinVersion } from './pin-version.js';
import { mayNeedApproval, needsTargetFacts, ruleFor, type Preview, type TargetFacts } from './rules.js';
import { toApprovalDto, type ApprovalDto } from './approval-dto.js';

export function policyOf(deps: ServiceDeps): ApprovalPolicy {
  return deps.settings.approvals ?? DEFAULT_APPROVAL_POLICY;
}

/**
 * Runs an operation with every check against the current state, and rolls it back (the voice
 * platform is not called). What it would do is the preview an approver is shown.
 */
export async function previewOperation(
  deps: ServiceDeps,
  actor: Actor,
  definition: AnyOperation,
  input: unknown,
): Promise<Preview> {
  try {
    await runOperation(deps, actor, definition, input, { dryRun: true });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.preview;
    throw error;
  }
  throw new Error(`${definition.name} did not run as a dry run`);
}

export type GateOutcome<T = unknown> =
  | { kind: 'done'; result: T }
  | {
      kind: 'held';
      approval: ApprovalDto;
      channel: { platform: string; channel: string; extra: Record<string, string> } | null;
    };

/**
 * Carries out a portal operation named by `{ name, input }` (as an approval request stores it),
 * or holds it for a second Administrator; see `submitChange`.
 */
export function submitOperation<N extends OperationName>(
  deps: ServiceDeps,
  actor: Actor,
  operation: Operation<N>,
): Promise<GateOutcome<OperationResult<N>>> {
  return submitChange(deps, actor, definitionOf(deps, operation.name), operation.input) as Promise<
    GateOutcome<OperationResult<N>>
  >;
}

/**
 * Carries out an operation, or, when the approval policy covers it, stores it as an approval
 * request for a second Administrator. A held operation has passed every check against the
 * current state (a dry run), so a request is never stored for a change that cannot be made.
 * The one path by which the front ends change anything (`ctx.run` in commands/). `commitWith`
 * commits with the change, or with the request that holds it (see CommitWithChange).
 */
export async function submitChange<T>(
  deps: ServiceDeps,
  actor: Actor,
  definition: OperationDefinition<string, z.ZodType, T>,
  input: unknown,
  commitWith?: CommitWithChange,
): Promise<GateOutcome<T>> {
  if (operationsOf(deps).byName(definition.name) !== definition) {
    // An approval request is carried out later by its name: only operations the deps know can wait.
    throw new Error(`operation ${definition.name} is not among the operations of these services`);
  }
  const policy = policyOf(deps);
  const done = async (): Promise<GateOutcome<T>> => ({
    kind: 'done',
    result: await runOperation(deps, actor, definition, input, { beforeCommit: commitWith }),
  });
  if (!mayNeedApproval(policy, definition, input)) return done();
  // A held change is pinned to the version of its target judged now: an edit made before the
  // approval (an email, say) makes the approval fail rather than apply to someone else.
  const pinned = await pinVersion(deps, actor, definition, input);
  const preview = await previewOperation(deps, actor, definition, pinned);
  const held = ruleFor(
    policy,
    definition,
    pinned,
    preview,
    needsTargetFacts(policy, definition) ? await targetFacts(deps, preview) : null,
  );
  if (!held) return done();
  return deps.orm.em.fork().transactional(async (em) => {
    const now = deps.clock.now();
    const requester = await em.findOneOrFail(PortalUser, { id: actor.userId }, { populate: ['account'] });
    const request = Object.assign(new ApprovalRequest(), {
      account: em.getReference(Account, requester.account.id),
      operationName: definition.name,
      operationInput: pinned as Record<string, unknown>,
      reason: held.reason,
      preview: { targetName: preview.target?.targetName ?? null, before: preview.before, after: preview.after },
      requester,
      platform: actor.platform,
      required: policy.required,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.ttlMs),
      nextReminderAt: policy.reminderMs === null ? null : new Date(now.getTime() + policy.reminderMs),
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
          targetName: `${definition.name} ${preview.target?.targetName ?? ''}`.trim(),
          after: {
            operation: definition.name,
            operationLabel: definition.label,
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
    await commitWith?.(em);
    const channel = await em.findOne(ApprovalChannel, { account: requester.account, platform: actor.platform });
    return {
      kind: 'held',
      approval: toApprovalDto(request, operationsOf(deps)),
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
