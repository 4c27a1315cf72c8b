import { readFileSync } from 'node:fs';
import { z } from 'zod/v4';
import { parseDuration } from '../lib/duration.js';

/**
 * The rules of the approval policy, each named by what it protects; a change that falls
 * under a rule waits for a second Administrator. Every way of reaching the same result
 * falls under the same rule (src/services/approvals/rules.ts judges a change by what it
 * would do, not by the command that asks for it).
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
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  rules: [...APPROVAL_RULES],
  bulkThreshold: 10,
  required: 1,
  ttlMs: 24 * 3_600_000,
};

const ruleNames = [...APPROVAL_RULES, ...Object.keys(RULE_ALIASES)].join(', ');

const policySchema = z.object({
  rules: z.preprocess(
    (rules) =>
      rules === 'none' ? [] : Array.isArray(rules) ? rules.map((rule) => RULE_ALIASES[String(rule)] ?? rule) : rules,
    z
      .array(z.enum(APPROVAL_RULES, { error: `each rule must be one of ${ruleNames} (or none for no approvals)` }), {
        error: 'rules must be a list such as ["administrators","user-removal"] or "none"',
      })
      .transform((rules) => [...new Set(rules)]),
  ),
  bulkThreshold: z
    .number()
    .int('bulkThreshold must be a whole number')
    .min(1, 'bulkThreshold must be 1 or more')
    .max(1000),
  required: z
    .number()
    .int('required must be a whole number')
    .min(1, 'required must be 1 or more')
    .max(5, 'required must be at most 5'),
  ttl: z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null || ms < 60_000 || ms > 30 * 86_400_000) {
      ctx.addIssue({ code: 'custom', message: `ttl must be a duration between 1m and 30d such as 24h, not "${text}"` });
      return z.NEVER;
    }
    return ms;
  }),
});

/**
 * The approval policy from the environment: APPROVAL_POLICY_FILE (JSON with `rules`,
 * `bulkThreshold`, `required`, `ttl`), overridden field by field by APPROVAL_RULES
 * (comma-separated, or `none`; the old names grant-admin and delete-user still work), APPROVAL_BULK_THRESHOLD, APPROVALS_REQUIRED and
 * APPROVAL_TTL. Throws an Error whose message is one line naming the setting and the fix.
 */
export function loadApprovalPolicy(env: NodeJS.ProcessEnv): ApprovalPolicy {
  let fromFile: Record<string, unknown> = {};
  const file = env.APPROVAL_POLICY_FILE?.trim();
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(
        `APPROVAL_POLICY_FILE: cannot read ${file} as JSON (${(error as Error).message.split('\n')[0]}); give a JSON file like {"rules":["administrators","user-removal"],"required":1,"ttl":"24h"}`,
      );
    }
  }
  const number = (name: string, value: string | undefined) => {
    if (value === undefined || value.trim() === '') return undefined;
    if (!/^\d+$/.test(value.trim())) throw new Error(`${name} must be a whole number, not "${value}"`);
    return Number(value);
  };
  const rulesText = env.APPROVAL_RULES?.trim();
  const merged = {
    rules: rulesText
      ? rulesText === 'none'
        ? 'none'
        : rulesText
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean)
      : (fromFile.rules ?? DEFAULT_APPROVAL_POLICY.rules),
    bulkThreshold:
      number('APPROVAL_BULK_THRESHOLD', env.APPROVAL_BULK_THRESHOLD) ??
      fromFile.bulkThreshold ??
      DEFAULT_APPROVAL_POLICY.bulkThreshold,
    required:
      number('APPROVALS_REQUIRED', env.APPROVALS_REQUIRED) ?? fromFile.required ?? DEFAULT_APPROVAL_POLICY.required,
    ttl: env.APPROVAL_TTL?.trim() || fromFile.ttl || '24h',
  };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = file ? ` (APPROVAL_POLICY_FILE ${file} or the APPROVAL_* variables)` : ' (APPROVAL_* variables)';
    throw new Error(`Approval policy${where}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const { ttl, ...rest } = parsed.data;
  return { ...rest, ttlMs: ttl };
}
