import type { ApprovalPolicy, ApprovalRule } from '../../domain/approval-policy.js';
import type { AuditTarget } from '../context.js';
import type { AnyOperation } from '../operation.js';

/** What a change would do, from its dry run. */
export interface Preview {
  result: unknown;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  target: AuditTarget | null;
}

/** Why a change waits: the rule it falls under, and the words the requester and the card show. */
export interface HeldBecause {
  /** A rule of the policy, or `always` for an operation held whatever the policy says. */
  rule: ApprovalRule | 'always';
  reason: string;
}

/** What the judgement needs besides the dry run: whether the target is an Administrator now. */
export interface TargetFacts {
  administrator: boolean;
}

type Snapshot = Record<string, unknown> | null;

const isAdmin = (snapshot: Snapshot) =>
  Boolean((snapshot?.permissions as { administrator?: boolean } | undefined)?.administrator);
const stateOf = (snapshot: Snapshot) => (typeof snapshot?.state === 'string' ? snapshot.state : null);

/** How far an Administrator can act: none (or deleted), disabled, invited (a link away), enabled. */
const ADMIN_REACH: Record<string, number> = { deleted: 0, disabled: 1, unconfirmed: 2, enabled: 3 };
const adminReach = (snapshot: Snapshot) => (isAdmin(snapshot) ? (ADMIN_REACH[stateOf(snapshot) ?? ''] ?? 0) : 0);

/** How many users a bulk operation works on (its `input.users`, or its `bulkCount`); null for any other. */
function usersOf(operation: AnyOperation, input: unknown): number | null {
  if (operation.approval.bulkCount) return operation.approval.bulkCount(input);
  if (!operation.approval.bulk) return null;
  const users = (input as { users?: unknown } | null)?.users;
  return Array.isArray(users) ? users.length : null;
}

/** The `administrators` rule's reasons that an import's rows give too (imports/plan.ts). */
export const GRANTING_ADMINISTRATOR = 'granting Administrator';
export const CHANGING_ADMINISTRATOR_EMAIL = "changing an Administrator's email";

/** Who is an Administrator: a new one, one brought back, or a new way into one's account. */
function administratorChange(operation: AnyOperation, preview: Preview, target: TargetFacts | null): string | null {
  const { before, after } = preview;
  if (isAdmin(after) && !isAdmin(before)) return GRANTING_ADMINISTRATOR;
  if (adminReach(after) > adminReach(before)) {
    return stateOf(before) === 'deleted' ? 'restoring an Administrator' : 'enabling an Administrator';
  }
  // Password links go to the email: whoever has the new address can become this Administrator.
  if (isAdmin(before) && before?.email !== undefined && after?.email !== undefined && before.email !== after.email) {
    return CHANGING_ADMINISTRATOR_EMAIL;
  }
  // A change to many users (an import) counts the Administrators whose email it changes.
  if (Number(after?.administratorEmails) > 0) return CHANGING_ADMINISTRATOR_EMAIL;
  const whenAdministrator = operation.approval.heldWhenTargetIsAdministrator;
  if (whenAdministrator && target?.administrator) return whenAdministrator;
  return null;
}

/** Who is a user: a deletion, or undoing one. */
function removalChange(preview: Preview): string | null {
  const [from, to] = [stateOf(preview.before), stateOf(preview.after)];
  if (to === 'deleted' && (from === 'enabled' || from === 'disabled')) return 'deleting a user';
  if (from === 'deleted' && to !== null && to !== 'deleted') return 'restoring a deleted user';
  return null;
}

/**
 * Could this operation fall under the policy at all? Read from its approval traits, and cheap, so
 * most changes skip the dry run. One that carries a typed secret (`never`) is never held: the
 * request would store it.
 */
export function mayNeedApproval(policy: ApprovalPolicy, operation: AnyOperation, input: unknown): boolean {
  if (operation.approval.never) return false;
  if (operation.approval.always) return true;
  if (policy.rules.includes('bulk') && usersOf(operation, input) !== null) return true;
  const rules = operation.approval.rulesFor?.(input) ?? operation.approval.rules;
  return rules.some((rule) => policy.rules.includes(rule));
}

/** Does the operation need to know whether its target is an Administrator now (beyond its dry run)? */
export function needsTargetFacts(policy: ApprovalPolicy, operation: AnyOperation): boolean {
  return operation.approval.heldWhenTargetIsAdministrator !== undefined && policy.rules.includes('administrators');
}

/** Which rule of the policy a change falls under, judged on what it would do; null when none. */
export function ruleFor(
  policy: ApprovalPolicy,
  operation: AnyOperation,
  input: unknown,
  preview: Preview,
  target: TargetFacts | null = null,
): HeldBecause | null {
  if (operation.approval.never) return null;
  if (operation.approval.always) return { rule: 'always', reason: operation.approval.always };
  const on = (rule: ApprovalRule) =>
    policy.rules.includes(rule) && (operation.approval.rules as readonly ApprovalRule[]).includes(rule);
  const users = usersOf(operation, input);
  if (policy.rules.includes('bulk') && users !== null && users > policy.bulkThreshold) {
    return { rule: 'bulk', reason: 'a change to many users at once' };
  }
  const administrators = on('administrators') ? administratorChange(operation, preview, target) : null;
  if (administrators) return { rule: 'administrators', reason: administrators };
  const removal = on('user-removal') ? removalChange(preview) : null;
  if (removal) return { rule: 'user-removal', reason: removal };
  if (on('e911')) return { rule: 'e911', reason: 'changing an E911 address' };
  return null;
}
