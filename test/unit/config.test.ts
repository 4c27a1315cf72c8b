import { describe, expect, it } from 'vitest';
import { ConfigError, loadApprovalPolicy, loadConfig, parseDuration } from '../../src/config.js';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has the embedded defaults of DESIGN.md', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      database: { driver: 'sqlite', path: './data/switchboard.db', embedded: true },
      publicBaseUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      mailFrom: 'Switchboard <noreply@localhost>',
      slack: undefined,
      teams: undefined,
      slackApiUrl: 'https://slack.com/api/',
      inviteTtlMs: 7 * 86_400_000,
      resetTtlMs: 12 * 3_600_000,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://sb@db.internal:5432/switchboard',
      PUBLIC_BASE_URL: 'https://switchboard.example.com/',
      SMTP_URL: 'smtps://user:pass@mail.example.com:465',
      MAIL_FROM: 'Portal <portal@example.com>',
      SLACK_SIGNING_SECRET: 'abc',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      TEAMS_APP_ID: 'id',
      TEAMS_APP_PASSWORD: 'pw',
      TEAMS_TENANT_ID: 'tenant',
      INVITE_TTL: '30d',
      RESET_TTL: '90m',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      database: { driver: 'postgresql', url: 'postgres://sb@db.internal:5432/switchboard' },
      publicBaseUrl: 'https://switchboard.example.com',
      slack: { signingSecret: 'abc', botToken: 'xoxb-1', appToken: 'xapp-1', apiUrl: 'http://127.0.0.1:9999/api/' },
      teams: { appId: 'id', appPassword: 'pw', tenantId: 'tenant' },
      inviteTtlMs: 30 * 86_400_000,
      resetTtlMs: 90 * 60_000,
      logLevel: 'debug',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ driver: 'sqlite', path: ':memory:' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/sb.db' }).database).toEqual({
      driver: 'sqlite',
      path: '/var/lib/sb.db',
    });
    expect(loadConfig({ PORT: '4000' }).publicBaseUrl).toBe('http://localhost:4000');
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a port number/],
    [{ PORT: '70000' }, /^PORT must be between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must start with sqlite: or postgres:\/\//],
    [{ DATABASE_URL: 'sqlite:' }, /^DATABASE_URL: give a file/],
    [{ PUBLIC_BASE_URL: 'switchboard.example.com' }, /^PUBLIC_BASE_URL must be an http:\/\/ or https:\/\/ URL/],
    [{ SMTP_URL: 'http://mail' }, /^SMTP_URL must look like smtp:\/\//],
    [{ MAIL_FROM: 'notanemail' }, /^MAIL_FROM must be one sender address, e\.g\. Acme Portal <noreply@acme\.example>/],
    [{ MAIL_FROM: 'Acme <a@acme.example>, b@acme.example' }, /^MAIL_FROM must be one sender address/],
    [{ MAIL_FROM: 'Acme Portal <>' }, /^MAIL_FROM must be one sender address/],
    [{ INVITE_TTL: '31d' }, /^INVITE_TTL must be at most 30d/],
    [{ INVITE_TTL: 'a week' }, /^INVITE_TTL must be a duration such as 12h or 7d/],
    [{ RESET_TTL: '0h' }, /^RESET_TTL must be a duration longer than zero, such as 12h, not "0h"$/],
    [{ RESET_TTL: '-1h' }, /^RESET_TTL must be a duration longer than zero/],
    [{ INVITE_TTL: '100' }, /^INVITE_TTL must have a unit, e.g. 100h or 100d, not "100"$/],
    [{ INVITE_TTL: '7 weeks' }, /^INVITE_TTL must be at most 30d, not "7 weeks"$/],
    [{ RESET_TTL: 'soon' }, /^RESET_TTL must be a duration such as 12h or 7d \(at most 30d\), not "soon"$/],
    [{ APPROVAL_TTL: 'a day' }, /^APPROVAL_TTL must be a duration between 1m and 30d such as 24h, not "a day", e\.g\./],
    [{ APPROVAL_POLICY_FILE: '/nonexistent/policy.json' }, /^APPROVAL_POLICY_FILE: cannot read \/nonexistent/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET must be set too/],
    [
      { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-user' },
      /^SLACK_BOT_TOKEN must be a bot token starting with xoxb-/,
    ],
    [{ TEAMS_APP_ID: 'id' }, /^TEAMS_APP_PASSWORD, TEAMS_TENANT_ID must be set too/],
  ])('refuses %o with one line naming the variable and the fix', (env, expected) => {
    expect(refusal(env)).toMatch(expected);
  });

  it('parses durations', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('-1h')).toBeNull();
    expect(parseDuration('100')).toBeNull();
  });

  it('reads durations in the forms of the ms package', () => {
    expect(parseDuration('7 days')).toBe(7 * 86_400_000);
    expect(parseDuration('1.5h')).toBe(90 * 60_000);
    expect(parseDuration('2 weeks')).toBe(14 * 86_400_000);
    expect(loadConfig({ INVITE_TTL: '2 weeks', RESET_TTL: '90 minutes' })).toMatchObject({
      inviteTtlMs: 14 * 86_400_000,
      resetTtlMs: 90 * 60_000,
    });
    expect(loadConfig({ APPROVAL_TTL: '36 hours' }).approvals.ttlMs).toBe(36 * 3_600_000);
  });
});

const HOUR = 3_600_000;

/** The one line a bad policy gets, read from `files` instead of the disk. */
function policyRefusal(env: Record<string, string>, files: Record<string, string> = {}): string {
  const read = (path: string) => {
    if (path in files) return files[path]!;
    throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  };
  try {
    loadApprovalPolicy(env, read);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('approval policy (APPROVAL_* and APPROVAL_POLICY_FILE)', () => {
  it('defaults to DESIGN.md and is configurable, with one clear line for a bad value', () => {
    const defaults = {
      rules: ['administrators', 'user-removal', 'e911', 'bulk'],
      bulkThreshold: 10,
      required: 1,
      ttlMs: 24 * HOUR,
      reminderMs: HOUR,
    };
    expect(loadApprovalPolicy({})).toEqual(defaults);
    expect(loadConfig({}).approvals).toEqual(defaults);
    const twoApprovals = loadApprovalPolicy({
      APPROVAL_RULES: 'user-removal',
      APPROVALS_REQUIRED: '2',
      APPROVAL_TTL: '2h',
    });
    expect(twoApprovals).toMatchObject({ rules: ['user-removal'], required: 2, ttlMs: 2 * HOUR });
    expect(loadApprovalPolicy({ APPROVAL_RULES: 'none' }).rules).toEqual([]);
    expect(loadApprovalPolicy({ APPROVAL_RULES: 'grant-admin, delete-user,administrators' }).rules).toEqual([
      'administrators',
      'user-removal',
    ]);
    expect(() => loadApprovalPolicy({ APPROVAL_RULES: 'user-removal,reboot' })).toThrow(
      /^APPROVAL_RULES: "reboot" is not a rule; each rule must be one of administrators, user-removal, e911, bulk, grant-admin, delete-user \(or none for no approvals\), e\.g\. APPROVAL_RULES=administrators,user-removal$/,
    );
    expect(() => loadApprovalPolicy({ APPROVALS_REQUIRED: 'two' })).toThrow(
      /^APPROVALS_REQUIRED must be a whole number from 1 to 5, not "two", e\.g\. APPROVALS_REQUIRED=2$/,
    );
    expect(() => loadApprovalPolicy({ APPROVAL_POLICY_FILE: '/nonexistent.json' })).toThrow(
      /^APPROVAL_POLICY_FILE: cannot read/,
    );
  });

  it.each([
    [{ APPROVALS_REQUIRED: '6' }, /^APPROVALS_REQUIRED must be a whole number from 1 to 5, not "6"/],
    [{ APPROVAL_BULK_THRESHOLD: '0' }, /^APPROVAL_BULK_THRESHOLD must be a whole number from 1 to 1000, not "0"/],
    [{ APPROVAL_BULK_THRESHOLD: '2.5' }, /^APPROVAL_BULK_THRESHOLD must be a whole number/],
    [{ APPROVAL_TTL: '30s' }, /^APPROVAL_TTL must be a duration between 1m and 30d such as 24h, not "30s"/],
    [{ APPROVAL_TTL: '31d' }, /^APPROVAL_TTL must be a duration between 1m and 30d/],
  ])('refuses %o naming the variable and what to write', (env, expected) => {
    expect(policyRefusal(env)).toMatch(expected);
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it('reads APPROVAL_POLICY_FILE, which the variables override field by field', () => {
    const files = {
      '/etc/policy.json': JSON.stringify({ rules: ['e911', 'delete-user'], bulkThreshold: 50, required: 2, ttl: '4h' }),
    };
    const read = (path: string) => files[path as keyof typeof files];
    expect(loadApprovalPolicy({ APPROVAL_POLICY_FILE: '/etc/policy.json' }, read)).toEqual({
      rules: ['e911', 'user-removal'],
      bulkThreshold: 50,
      required: 2,
      ttlMs: 4 * HOUR,
      reminderMs: HOUR,
    });
    expect(
      loadApprovalPolicy(
        { APPROVAL_POLICY_FILE: '/etc/policy.json', APPROVALS_REQUIRED: '3', APPROVAL_RULES: 'none' },
        read,
      ),
    ).toEqual({ rules: [], bulkThreshold: 50, required: 3, ttlMs: 4 * HOUR, reminderMs: HOUR });
    expect(loadApprovalPolicy({ APPROVAL_POLICY_FILE: '/etc/empty.json' }, () => '{}')).toEqual(loadApprovalPolicy({}));
    expect(loadApprovalPolicy({ APPROVAL_POLICY_FILE: '/etc/none.json' }, () => '{"rules":"none"}').rules).toEqual([]);
  });

  it('refuses a bad policy file with the file, the line and what to write', () => {
    const policy = ['{', '  "rules": ["administrators",', '    "reboot"],', '  "required": 9,', '  "ttl": 24', '}'];
    const file = (lines: string[]) => ({ '/etc/policy.json': lines.join('\n') });
    const env = { APPROVAL_POLICY_FILE: '/etc/policy.json' };
    expect(policyRefusal(env, file(policy))).toBe(
      'APPROVAL_POLICY_FILE: /etc/policy.json line 3: "rules": "reboot" is not a rule; each rule must be one of ' +
        'administrators, user-removal, e911, bulk, grant-admin, delete-user (or none for no approvals), ' +
        'e.g. "rules": ["administrators","user-removal"]',
    );
    const rulesFixed = policy.map((line) => line.replace('"reboot"', '"bulk"'));
    expect(policyRefusal(env, file(rulesFixed))).toBe(
      'APPROVAL_POLICY_FILE: /etc/policy.json line 4: "required" must be a whole number from 1 to 5, not 9, ' +
        'e.g. "required": 2',
    );
    const requiredFixed = rulesFixed.map((line) => line.replace('9', '2'));
    expect(policyRefusal(env, file(requiredFixed))).toBe(
      'APPROVAL_POLICY_FILE: /etc/policy.json line 5: "ttl" must be a duration between 1m and 30d such as 24h, ' +
        'not 24, e.g. "ttl": "24h"',
    );
    expect(policyRefusal(env, file(['{', '  "rules": "administrators"', '}']))).toMatch(
      /^APPROVAL_POLICY_FILE: \/etc\/policy.json line 2: "rules" must be a list of rules or "none"/,
    );
    expect(policyRefusal(env, file(['{', '  "required": 2,', '}']))).toMatch(
      /^APPROVAL_POLICY_FILE: \/etc\/policy.json line 3, column 1 is not valid JSON \(.+\); write one JSON object like \{/,
    );
    expect(policyRefusal(env, file(['["administrators"]']))).toMatch(
      /^APPROVAL_POLICY_FILE: \/etc\/policy.json must hold one JSON object like \{"rules":/,
    );
    expect(policyRefusal({ APPROVAL_POLICY_FILE: '/etc/missing.json' })).toMatch(
      /^APPROVAL_POLICY_FILE: cannot read \/etc\/missing.json \(ENOENT: no such file or directory.*\); give the path of a JSON file like \{/,
    );
  });
});
