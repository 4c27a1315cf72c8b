import proxyaddr from 'proxy-addr';
import { z } from 'zod/v4';
import { APPROVAL_VARIABLES, loadApprovalPolicy } from './approval-policy-config.js';
import { ConfigError } from './config-error.js';
import { lookalikeVariables } from './config-lookalikes.js';
import type { ApprovalPolicy } from './domain/approval-policy.js';
import { checkDuration, parseDuration } from './lib/duration.js';
import addressparser from 'nodemailer/lib/addressparser';

/** One mailbox, `name@domain` with or without a display name (as nodemailer reads the From header). */
function isOneSender(text: string): boolean {
  const found = addressparser(text, { flatten: true });
  return found.length === 1 && /^[^\s@<>",;]+@[^\s@<>",;]+$/.test(found[0]!.address);
}

export { ConfigError, loadApprovalPolicy, parseDuration };

const DAY = 86_400_000;

/** PORTAL_NAME's default: true of every deployment, unlike a brand guessed from MAIL_FROM. */
export const DEFAULT_PORTAL_NAME = 'the customer portal';

function duration(name: string, max: number, maxText: string) {
  return z.string().transform((text, ctx) => {
    const checked = checkDuration(name, text, { max: { ms: max, text: maxText } });
    if (typeof checked === 'number') return checked;
    ctx.addIssue({ code: 'custom', message: checked });
    return z.NEVER;
  });
}

export type DatabaseConfig =
  /** `embedded`: the default file under ./data, whose folder start-up creates; demo data goes only there. */
  { driver: 'sqlite'; path: string; embedded?: true } | { driver: 'postgresql'; url: string };

/** `sqlite:PATH`, `sqlite::memory:`, `postgres://...` or `postgresql://...`. */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig | string {
  if (url === undefined || url === '') return { driver: 'sqlite', path: './data/switchboard.db', embedded: true };
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      return 'DATABASE_URL: give a file after "sqlite:", e.g. sqlite:./data/switchboard.db, or sqlite::memory:';
    return { driver: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      return 'DATABASE_URL is not a valid postgres:// URL; use postgres://USER@HOST:PORT/DATABASE';
    }
    return { driver: 'postgresql', url };
  }
  return (
    'DATABASE_URL must start with sqlite: or postgres:// ' +
    '(e.g. sqlite:./data/switchboard.db or postgres://user@127.0.0.1:5432/switchboard)'
  );
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Names proxy-addr knows besides addresses and CIDR ranges. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: `none`, or a comma-separated list of addresses, CIDR ranges and proxy-addr's names. */
const trustProxy = z
  .string()
  .default('loopback')
  .transform((value, ctx) => {
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length === 1 && entries[0] === 'none') return [];
    for (const entry of entries) {
      try {
        if (!PROXY_NAMES.includes(entry)) proxyaddr.compile(entry);
      } catch {
        ctx.addIssue({
          code: 'custom',
          message:
            `TRUST_PROXY: "${entry}" is not an IP address or CIDR range; ` +
            'give e.g. loopback,10.0.0.0/8,192.0.2.7 or none',
        });
        return z.NEVER;
      }
    }
    if (entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'TRUST_PROXY is empty; give addresses or CIDR ranges of your proxies, loopback, or none',
      });
      return z.NEVER;
    }
    return entries;
  });

const envSchema = z.object({
  PORT: z
    .string()
    .default('3000')
    .pipe(z.string().regex(/^\d{1,5}$/, 'PORT must be a port number such as 3000'))
    .transform(Number)
    .pipe(z.number().max(65535, 'PORT must be between 0 and 65535')),
  HOST: optionalText.pipe(
    z
      .string()
      .regex(
        /^[A-Za-z0-9.:%-]+$/,
        'HOST must be an address of this machine such as 127.0.0.1, :: or 0.0.0.0 (unset: all interfaces)',
      )
      .optional(),
  ),
  DATABASE_URL: optionalText,
  PUBLIC_BASE_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'PUBLIC_BASE_URL must be an http:// or https:// URL, e.g. https://switchboard.example.com',
      })
      .optional(),
  ),
  SMTP_URL: optionalText.pipe(
    z
      .url({
        protocol: /^smtps?$/,
        error: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465',
      })
      .optional(),
  ),
  MAIL_FROM: z.string().default('Switchboard <noreply@localhost>').refine(isOneSender, {
    error: 'MAIL_FROM must be one sender address, e.g. Acme Portal <noreply@acme.example> or noreply@acme.example',
  }),
  PORTAL_NAME: optionalText.pipe(
    z.string().max(80, 'PORTAL_NAME must be at most 80 characters, e.g. Acme Portal').optional(),
  ),
  PORTAL_LOGIN_URL: optionalText.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'PORTAL_LOGIN_URL must be an http:// or https:// URL, e.g. https://portal.example.com/login',
      })
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: z
    .string()
    .default('https://slack.com/api/')
    .pipe(z.url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL ending in /api/' })),
  TEAMS_APP_ID: optionalText,
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: optionalText,
  INVITE_TTL: z
    .string()
    .default('7d')
    .pipe(duration('INVITE_TTL', 30 * DAY, '30d')),
  RESET_TTL: z
    .string()
    .default('12h')
    .pipe(duration('RESET_TTL', 30 * DAY, '30d')),
  GRANT_MAX: z
    .string()
    .default('8h')
    .pipe(duration('GRANT_MAX', 30 * DAY, '30d')),
  LOG_LEVEL: z
    .string()
    .default('info')
    .pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      }),
    ),
});

/** Every variable Switchboard reads: the schema's and the approval policy's (.env.example lists them all). */
export const ENVIRONMENT_VARIABLES: readonly string[] = [...Object.keys(envSchema.shape), ...APPROVAL_VARIABLES];

export interface Config {
  port: number;
  /** The interface to listen on; undefined: all interfaces. */
  host: string | undefined;
  database: DatabaseConfig;
  publicBaseUrl: string;
  /** PUBLIC_BASE_URL was not set: start-up replaces publicBaseUrl by the URL it really listens on. */
  publicBaseUrlIsDefault: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Warnings for variables that look meant for Switchboard but are not its own (a typo): ignored. */
  ignoredVariables: string[];
  /** The customer portal people sign in to: its name on the pages and in the emails, and its sign-in page. */
  portal: { name: string; loginUrl: string | undefined };
  slack: { signingSecret: string; botToken: string; appToken: string | undefined; apiUrl: string } | undefined;
  slackApiUrl: string;
  teams: { appId: string; appPassword: string; tenantId: string } | undefined;
  inviteTtlMs: number;
  /** The longest time-boxed grant (GRANT_MAX). */
  grantMaxMs: number;
  resetTtlMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  approvals: ApprovalPolicy;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, `loopback`); empty: none. */
  trustProxy: string[];
  /** Set: GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken: string | undefined;
}

function pairs(env: NodeJS.ProcessEnv, names: string[], what: string): void {
  const set = names.filter((name) => (env[name] ?? '').trim() !== '');
  if (set.length > 0 && set.length < names.length) {
    const missing = names.filter((name) => !set.includes(name));
    throw new ConfigError(
      `${missing.join(', ')} must be set too: ${what} needs ${names.join(', ')} together (or none of them)`,
    );
  }
}

/** Parses the environment once; throws ConfigError naming the variable and the fix. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    throw new ConfigError(message);
  }
  const e = parsed.data;
  const database = parseDatabaseUrl(e.DATABASE_URL);
  if (typeof database === 'string') throw new ConfigError(database);
  pairs(env, ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'], 'Slack');
  pairs(env, ['TEAMS_APP_ID', 'TEAMS_APP_PASSWORD', 'TEAMS_TENANT_ID'], 'Bot Framework authentication for Teams');
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN) {
    throw new ConfigError(
      'SLACK_BOT_TOKEN must be set too: Socket Mode (SLACK_APP_TOKEN) needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN',
    );
  }
  const approvals = loadApprovalPolicy(env);
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    publicBaseUrl,
    publicBaseUrlIsDefault: e.PUBLIC_BASE_URL === undefined,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    ignoredVariables: lookalikeVariables(env, [...Object.keys(envSchema.shape), ...APPROVAL_VARIABLES]),
    portal: { name: e.PORTAL_NAME ?? DEFAULT_PORTAL_NAME, loginUrl: e.PORTAL_LOGIN_URL },
    slack:
      e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
        ? {
            signingSecret: e.SLACK_SIGNING_SECRET,
            botToken: e.SLACK_BOT_TOKEN,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
          }
        : undefined,
    slackApiUrl: e.SLACK_API_URL,
    teams:
      e.TEAMS_APP_ID && e.TEAMS_APP_PASSWORD && e.TEAMS_TENANT_ID
        ? { appId: e.TEAMS_APP_ID, appPassword: e.TEAMS_APP_PASSWORD, tenantId: e.TEAMS_TENANT_ID }
        : undefined,
    inviteTtlMs: e.INVITE_TTL,
    resetTtlMs: e.RESET_TTL,
    grantMaxMs: e.GRANT_MAX,
    logLevel: e.LOG_LEVEL,
    approvals,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
  };
}
