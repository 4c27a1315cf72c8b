/**
 * The rules of the approval policy, each named by what it protects; a change that falls
 * under a rule waits for a second Administrator. Every way of reaching the same result
 * falls under the same rule (src/services/approvals/rules.ts judges a change by what it
 * would do, not by the command that asks for it).
 *
 * Only the policy's types, defaults and limits live here: src/config.ts reads it from the
 * environment (APPROVAL_*) and its file (APPROVAL_POLICY_FILE), and checks it against them.
 */
export const APPROVAL_RULES = ['administrators', 'user-removal', 'e911', 'bulk'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

/** The rule names of release 0.1.0, still accepted. */
export const RULE_ALIASES: Readonly<Record<string, ApprovalRule>> = {
  'grant-admin': 'administrators',
  'delete-user': 'user-removal',
};

/** What each rule protects, and the changes it holds. */
export const RULE_PROTECTS: Record<ApprovalRule, string> = {
  administrators:
    'who is an Administrator: granting Administrator (user add, user permissions, invite --role admin), ' +
    "enabling or restoring an Administrator, reinviting an Administrator, changing an Administrator's email",
  'user-removal': 'who is a user: deleting a user, and restoring a deleted one',
  e911: "emergency addresses: changing a voice user's E911 address",
  bulk: 'many users at once: any operation on more users than the bulk threshold',
};

export interface ApprovalPolicy {
  rules: ApprovalRule[];
  /** An operation on more users than this needs approval (rule `bulk`). */
  bulkThreshold: number;
  /** Approvals from Administrators other than the requester. */
  required: number;
  ttlMs: number;
  /** The first reminder to the approvers of a pending request; each later one waits twice as long. Null: none. */
  reminderMs: number | null;
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  rules: [...APPROVAL_RULES],
  bulkThreshold: 10,
  required: 1,
  ttlMs: 24 * 3_600_000,
  reminderMs: 3_600_000,
};

/** The bounds of each setting: a policy outside them is refused at start-up. */
export const APPROVAL_POLICY_LIMITS = {
  bulkThreshold: { min: 1, max: 1000 },
  required: { min: 1, max: 5 },
  ttlMs: { min: 60_000, max: 30 * 86_400_000, text: 'between 1m and 30d' },
  reminderMs: { min: 60_000, max: 30 * 86_400_000, text: 'between 1m and 30d' },
} as const;

/** A rule by its name or its 0.1.0 alias; undefined for anything else. */
export function approvalRuleNamed(name: string): ApprovalRule | undefined {
  const rule = RULE_ALIASES[name] ?? name;
  return (APPROVAL_RULES as readonly string[]).includes(rule) ? (rule as ApprovalRule) : undefined;
}

/** The names a policy may list, current names first (for messages). */
export const APPROVAL_RULE_NAMES: readonly string[] = [...APPROVAL_RULES, ...Object.keys(RULE_ALIASES)];
