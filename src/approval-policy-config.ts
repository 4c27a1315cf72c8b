/**
 * The approval policy's part of the configuration (src/config.ts reads the rest): its variables
 * and APPROVAL_POLICY_FILE, checked into an ApprovalPolicy. src/domain/approval-policy.ts holds
 * the policy's types, defaults and limits.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import {
  APPROVAL_POLICY_LIMITS,
  APPROVAL_RULE_NAMES,
  approvalRuleNamed,
  DEFAULT_APPROVAL_POLICY,
  type ApprovalPolicy,
  type ApprovalRule,
} from './domain/approval-policy.js';
import { parseDuration } from './lib/duration.js';

/** The approval policy's variables, read by loadApprovalPolicy below. */
export const APPROVAL_VARIABLES = [
  'APPROVAL_RULES',
  'APPROVAL_BULK_THRESHOLD',
  'APPROVALS_REQUIRED',
  'APPROVAL_TTL',
  'APPROVAL_REMINDER',
  'APPROVAL_POLICY_FILE',
] as const;

const POLICY_FILE_EXAMPLE = '{"rules":["administrators","user-removal"],"required":1,"ttl":"24h"}';

/** Where a setting of the policy came from: a variable, a key of APPROVAL_POLICY_FILE, or the default. */
type PolicySource = { variable: string } | { file: string; text: string; key: string } | { default: true };

/** The 1-based line of the file where `"key"` (then `"item"`, when given) first appears. */
function lineOf(text: string, key: string, item?: string): number {
  const lines = text.split('\n');
  const at = Math.max(
    0,
    lines.findIndex((line) => line.includes(`"${key}"`)),
  );
  const itemAt = item === undefined ? -1 : lines.findIndex((line, i) => i >= at && line.includes(`"${item}"`));
  return (itemAt >= 0 ? itemAt : at) + 1;
}

/**
 * One line naming where the bad value is (the variable, or the file and its line), what is wrong
 * and what to write instead.
 */
function policyError(source: PolicySource, problem: string, example: { env: string; json: string }, item?: string) {
  if ('variable' in source)
    return new ConfigError(`${source.variable}${problem}, e.g. ${source.variable}=${example.env}`);
  if ('file' in source) {
    const line = lineOf(source.text, source.key, item);
    return new ConfigError(
      `APPROVAL_POLICY_FILE: ${source.file} line ${line}: "${source.key}"${problem}, ` +
        `e.g. "${source.key}": ${example.json}`,
    );
  }
  return new ConfigError(`approval policy default${problem}`);
}

function readPolicyFile(
  file: string,
  read: (path: string) => string,
): { text: string; values: Record<string, unknown> } {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new ConfigError(
      `APPROVAL_POLICY_FILE: cannot read ${file} (${(error as Error).message.split('\n')[0]}); ` +
        `give the path of a JSON file like ${POLICY_FILE_EXAMPLE}`,
    );
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const reason = message.replace(/ in JSON at position.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new ConfigError(
      `APPROVAL_POLICY_FILE: ${file} line ${before.length}, column ${before.at(-1)!.length + 1} is not valid JSON ` +
        `(${reason}); write one JSON object like ${POLICY_FILE_EXAMPLE}`,
    );
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new ConfigError(`APPROVAL_POLICY_FILE: ${file} must hold one JSON object like ${POLICY_FILE_EXAMPLE}`);
  return { text, values: values as Record<string, unknown> };
}

/**
 * The approval policy: APPROVAL_POLICY_FILE (JSON with `rules`, `bulkThreshold`, `required`, `ttl`),
 * overridden field by field by APPROVAL_RULES (comma-separated, or `none`; the 0.1.0 names
 * grant-admin and delete-user still work), APPROVAL_BULK_THRESHOLD, APPROVALS_REQUIRED and
 * APPROVAL_TTL and APPROVAL_REMINDER. Throws a ConfigError naming the variable, or the file and its line, and the fix.
 */
export function loadApprovalPolicy(
  env: NodeJS.ProcessEnv,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ApprovalPolicy {
  const file = env.APPROVAL_POLICY_FILE?.trim() || undefined;
  const fromFile = file ? readPolicyFile(file, read) : undefined;
  /** The variable when set, else the file's key when present, else the default. */
  const setting = (variable: string, key: string): { value: unknown; source: PolicySource } => {
    const text = env[variable]?.trim();
    if (text) return { value: text, source: { variable } };
    const value = fromFile?.values[key];
    if (fromFile && value !== undefined && value !== null)
      return { value, source: { file: file!, text: fromFile.text, key } };
    return { value: undefined, source: { default: true } };
  };

  const rulesSetting = setting('APPROVAL_RULES', 'rules');
  const ruleList = rulesSetting.value;
  const rulesExample = { env: 'administrators,user-removal', json: '["administrators","user-removal"]' };
  let rules: ApprovalRule[] = [...DEFAULT_APPROVAL_POLICY.rules];
  if (ruleList === 'none') rules = [];
  else if (ruleList !== undefined) {
    const names =
      typeof ruleList === 'string' && 'variable' in rulesSetting.source
        ? ruleList
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean)
        : ruleList;
    if (!Array.isArray(names))
      throw policyError(rulesSetting.source, ' must be a list of rules or "none"', rulesExample);
    rules = [];
    for (const name of names) {
      const rule = typeof name === 'string' ? approvalRuleNamed(name) : undefined;
      if (!rule)
        throw policyError(
          rulesSetting.source,
          `: ${JSON.stringify(name)} is not a rule; each rule must be one of ${APPROVAL_RULE_NAMES.join(', ')} ` +
            '(or none for no approvals)',
          rulesExample,
          String(name),
        );
      if (!rules.includes(rule)) rules.push(rule);
    }
  }

  const wholeNumber = (variable: string, key: 'bulkThreshold' | 'required', example: number): number => {
    const { value, source } = setting(variable, key);
    if (value === undefined) return DEFAULT_APPROVAL_POLICY[key];
    const { min, max } = APPROVAL_POLICY_LIMITS[key];
    const number = typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : NaN) : value;
    if (typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max) return number;
    const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
    throw policyError(source, ` must be a whole number from ${min} to ${max}, not ${shown}`, {
      env: String(example),
      json: String(example),
    });
  };
  const bulkThreshold = wholeNumber('APPROVAL_BULK_THRESHOLD', 'bulkThreshold', 10);
  const required = wholeNumber('APPROVALS_REQUIRED', 'required', 2);

  const ttlSetting = setting('APPROVAL_TTL', 'ttl');
  let ttlMs = DEFAULT_APPROVAL_POLICY.ttlMs;
  if (ttlSetting.value !== undefined && ttlSetting.value !== '') {
    const { min, max, text } = APPROVAL_POLICY_LIMITS.ttlMs;
    const ms = typeof ttlSetting.value === 'string' ? parseDuration(ttlSetting.value) : null;
    if (ms === null || ms < min || ms > max) {
      const shown = typeof ttlSetting.value === 'string' ? `"${ttlSetting.value}"` : JSON.stringify(ttlSetting.value);
      throw policyError(ttlSetting.source, ` must be a duration ${text} such as 24h, not ${shown}`, {
        env: '24h',
        json: '"24h"',
      });
    }
    ttlMs = ms;
  }
  return { rules, bulkThreshold, required, ttlMs, reminderMs: reminder(setting('APPROVAL_REMINDER', 'reminder')) };
}

/** APPROVAL_REMINDER (or the file's `reminder`): the first reminder's delay, or null for `off`. */
function reminder({ value, source }: { value: unknown; source: PolicySource }): number | null {
  if (value === undefined || value === '') return DEFAULT_APPROVAL_POLICY.reminderMs;
  if (value === 'off') return null;
  const { min, max, text } = APPROVAL_POLICY_LIMITS.reminderMs;
  const ms = typeof value === 'string' ? parseDuration(value) : null;
  if (ms !== null && ms >= min && ms <= max) return ms;
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  throw policyError(source, ` must be a duration ${text} such as 1h, or off, not ${shown}`, {
    env: '1h',
    json: '"1h"',
  });
}
