import { DEFAULT_APPROVAL_POLICY, RULE_LABELS, type ApprovalPolicy, type ApprovalRule } from '../../domain/approval-policy.js';
import { Account } from '../../domain/entities/account.js';
import { ApprovalChannel } from '../../domain/entities/approval-channel.js';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import type { Actor, AuditTarget, ServiceDeps } from '../context.js';
import { execute, type Operation, type OperationName, type OperationResult } from '../operations.js';
import { auditEvent, DryRunRollback } from '../run.js';
import { localProvisioner } from '../voice/provisioning.js';
import { toApprovalView, type ApprovalView } from './view.js';

export function policyOf(deps: ServiceDeps): ApprovalPolicy {
  return deps.settings.approvals ?? DEFAULT_APPROVAL_POLICY;
}

/** Operations that carry a typed secret are never held: the request would store it. */
const NEVER_HELD: ReadonlySet<string> = new Set(['voice.pin', 'voice.password']);

interface Preview {
  result: unknown;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  target: AuditTarget | null;
}

const isAdmin = (snapshot: Record<string, unknown> | null) => Boolean((snapshot?.permissions as { administrator?: boolean } | undefined)?.administrator);

/** Which rule of the policy a change falls under, judged on what it would do. */
export function ruleFor(policy: ApprovalPolicy, operation: Operation, preview: Preview): ApprovalRule | null {
  const on = (rule: ApprovalRule) => policy.rules.includes(rule);
  const users = (operation.input as { users?: unknown[] } | null)?.users;
  if (on('bulk') && Array.isArray(users) && users.length > policy.bulkThreshold) return 'bulk';
  if (on('delete-user') && operation.name === 'user.delete') return 'delete-user';
  if (on('e911') && operation.name === 'voice.e911') return 'e911';
  if (on('grant-admin') && ['user.add', 'user.permissions', 'invite.create'].includes(operation.name) && isAdmin(preview.after) && !isAdmin(preview.before)) return 'grant-admin';
  return null;
}

/** Could this operation fall under the policy at all? Cheap, so most changes skip the preview. */
function mayNeedApproval(policy: ApprovalPolicy, operation: Operation): boolean {
  if (NEVER_HELD.has(operation.name) || policy.rules.length === 0) return false;
  if (Array.isArray((operation.input as { users?: unknown[] } | null)?.users)) return policy.rules.includes('bulk');
  return ['user.delete', 'voice.e911', 'user.add', 'user.permissions', 'invite.create'].includes(operation.name);
}

/** Runs an operation with every check against the current state, and rolls it back. */
export async function previewOperation(deps: ServiceDeps, actor: Actor, operation: Operation): Promise<Preview> {
  const dry = { ...deps, change: { dryRun: true }, voice: { ...(deps as { voice?: object }).voice, provisioner: localProvisioner } };
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
  | { kind: 'held'; approval: ApprovalView; channel: { platform: string; channel: string; extra: Record<string, string> } | null };

/**
 * Carries out an operation, or, when the approval policy covers it, stores it as an approval
 * request for a second Administrator. A held operation has passed every check against the
 * current state (a dry run), so a request is never stored for a change that cannot be made.
 */
export async function submitOperation<N extends OperationName>(deps: ServiceDeps, actor: Actor, operation: Operation<N>): Promise<GateOutcome<N>> {
  const policy = policyOf(deps);
  if (!mayNeedApproval(policy, operation)) return { kind: 'done', result: await execute(deps, actor, operation) };
  const preview = await previewOperation(deps, actor, operation);
  const rule = ruleFor(policy, operation, preview);
  if (!rule) return { kind: 'done', result: await execute(deps, actor, operation) };
  return deps.orm.em.fork().transactional(async (em) => {
    const now = deps.clock.now();
    const requester = await em.findOneOrFail(PortalUser, { id: actor.userId }, { populate: ['account'] });
    const request = Object.assign(new ApprovalRequest(), {
      account: em.getReference(Account, requester.account.id),
      operationName: operation.name,
      operationInput: operation.input as Record<string, unknown>,
      reason: RULE_LABELS[rule],
      preview: { targetName: preview.target?.targetName ?? null, before: preview.before, after: preview.after },
      requester,
      platform: actor.platform,
      required: policy.required,
      createdAt: now,
      expiresAt: new Date(now.getTime() + policy.ttlMs),
    });
    em.persist(request);
    em.persist(auditEvent({ accountId: requester.account.id, actorId: requester.id, actorName: requester.name, platform: actor.platform, action: 'approval.request', outcome: 'success', targetType: 'approval', targetId: request.id, targetName: `${operation.name} ${preview.target?.targetName ?? ''}`.trim(), after: { operation: operation.name, reason: RULE_LABELS[rule], before: preview.before, after: preview.after } }, now));
    await em.flush();
    const channel = await em.findOne(ApprovalChannel, { account: requester.account, platform: actor.platform });
    return { kind: 'held', approval: toApprovalView(request), channel: channel ? { platform: channel.platform, channel: channel.channel, extra: channel.extra } : null };
  });
}
