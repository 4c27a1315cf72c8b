import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../../src/config.js';

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
    [{ INVITE_TTL: '31d' }, /^INVITE_TTL must be at most 30d/],
    [{ INVITE_TTL: 'a week' }, /^INVITE_TTL must be a duration such as 12h or 7d/],
    [{ RESET_TTL: '0h' }, /^RESET_TTL must be a duration longer than zero, such as 12h, not "0h"$/],
    [{ RESET_TTL: '-1h' }, /^RESET_TTL must be a duration longer than zero/],
    [{ INVITE_TTL: '100' }, /^INVITE_TTL must have a unit, e.g. 100h or 100d, not "100"$/],
    [{ INVITE_TTL: '7 weeks' }, /^INVITE_TTL must be at most 30d, not "7 weeks"$/],
    [{ RESET_TTL: 'soon' }, /^RESET_TTL must be a duration such as 12h or 7d \(at most 30d\), not "soon"$/],
    [{ APPROVAL_TTL: 'a day' }, /ttl must be a duration between 1m and 30d such as 24h, not "a day"/],
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
