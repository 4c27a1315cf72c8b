import '../lib/runtime-guard.js';
// ./.env, if present, before the environment is read; the real environment wins over it.
import '../load-env.js';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { loadDemoData } from '../app/demo-data.js';
import { isServiceError } from '../domain/errors.js';
import { StartupError } from '../lib/startup-error.js';
import { createLogger } from '../lib/logger.js';
import { createAdministrator } from '../services/users/bootstrap.js';
import { linkChatIdentity, unlinkChatIdentity } from '../services/identities.js';
import { openSwitchboard } from '../app/switchboard.js';
import { VERSION } from '../lib/version.js';
import { utcMinuteText } from '../lib/utc-minute.js';
import { namingOptions } from './option-names.js';
import { latestEmails, outboxLines } from './outbox.js';

type Out = (line: string) => void;

interface AdminCreateOptions {
  account: string;
  userId: string;
  email: string;
  first: string;
  last: string;
  phone?: string;
  sendSetupEmail?: boolean;
}

/** The service's fields of `admin create`, by the option each comes from. */
const ADMIN_CREATE_OPTIONS = {
  account: '--account',
  userId: '--user-id',
  email: '--email',
  firstName: '--first',
  lastName: '--last',
  phone: '--phone',
};

/** The service's fields of `link` and `unlink`, by the option each comes from on `platform`. */
const linkOptions = (platform: 'slack' | 'teams') => ({
  workspaceId: platform === 'slack' ? '--team' : '--tenant',
  chatUserId: '--user',
  account: '--account',
});

/** A bad option value that commander does not check itself: one line, exit code 1. */
class CliInputError extends Error {}

/** The operator's CLI: `npm run cli -- <command>`. Exported for tests; returns the exit code. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: Out = (l) => process.stdout.write(`${l}\n`),
  err: Out = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  const withSwitchboard = async (work: (sb: Awaited<ReturnType<typeof openSwitchboard>>) => Promise<void>) => {
    const config = loadConfig(env);
    for (const warning of config.ignoredVariables) err(`warning: ${warning}`);
    const sb = await openSwitchboard(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
    try {
      await work(sb);
    } finally {
      await sb.close();
    }
  };

  const program = new Command('npm run cli --')
    .description(
      'Switchboard operator commands: set up accounts and administrators, bind chat identities, ' +
        'load demo data, migrate.\nThe database is DATABASE_URL (default: SQLite at ./data/switchboard.db).',
    )
    .version(VERSION, '-V, --version', 'print the Switchboard version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)');

  const admin = program.command('admin').description('portal Administrators').exitOverride();
  admin
    .command('create')
    .description('create the account if needed and an enabled Administrator in it')
    .requiredOption('--account <name>', 'account name, e.g. "Example Networks"')
    .requiredOption('--user-id <id>', 'portal User ID: 3-64 of letters, digits and ._@+-')
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--first <name>', 'first name')
    .requiredOption('--last <name>', 'last name')
    .option('--phone <e164>', 'phone with country code, e.g. +17035550100')
    .option('--send-setup-email', 'queue a password-setup email: a link to choose their password')
    .exitOverride()
    .action(async (o: AdminCreateOptions) =>
      withSwitchboard(async (sb) => {
        const { first: firstName, last: lastName, sendSetupEmail, ...rest } = o;
        const user = await namingOptions(ADMIN_CREATE_OPTIONS, () =>
          createAdministrator(sb, { ...rest, firstName, lastName, sendSetupEmail: Boolean(sendSetupEmail) }),
        );
        out(
          `${user.accountCreated ? `Created account ${o.account} and ` : ''}` +
            `Administrator ${user.userId} (${user.email}) in ${o.account}.`,
        );
        out(
          user.setupEmail
            ? `A password-setup email to ${user.email} is queued; Switchboard sends it when it runs (npm start), ` +
                `and its link expires ${utcMinuteText(user.setupEmail.expiresAt)}. ` +
                'Without SMTP_URL it is written to ./data/outbox/: see npm run cli -- outbox.'
            : `${user.userId} has no portal password yet (Slack and Teams need none): ` +
                'a password-setup email gives them one (admin create --send-setup-email), ' +
                `or another Administrator sends a link with: user reset-password ${user.userId}`,
        );
      }),
    );

  const link = program.command('link').description('bind a chat identity to a portal user by hand').exitOverride();
  const linkAction =
    (platform: 'slack' | 'teams') =>
    async (o: { team?: string; tenant?: string; user: string; to: string; account?: string }) =>
      withSwitchboard(async (sb) => {
        const workspaceId = (platform === 'slack' ? o.team : o.tenant)!;
        const user = await namingOptions({ ...linkOptions(platform), user: '--to' }, () =>
          linkChatIdentity(sb, { platform, workspaceId, chatUserId: o.user, user: o.to, account: o.account }),
        );
        const was = user.replaced;
        const moved = was
          ? `; it was bound to ${was.userId} (${was.name}, ${was.account}), who no longer acts through it`
          : '';
        out(`Linked ${platform} user ${o.user} (${workspaceId}) to ${user.userId} (${user.name})${moved}.`);
      });
  link
    .command('slack')
    .description('bind a Slack user to a portal user')
    .requiredOption('--team <id>', 'Slack team (workspace) id, e.g. T0123ABCD')
    .requiredOption('--user <id>', 'Slack user id, e.g. U0123ABCD')
    .requiredOption('--to <userId>', 'portal User ID')
    .option('--account <name>', 'account, when the User ID exists in several')
    .exitOverride()
    .action(linkAction('slack'));
  link
    .command('teams')
    .description('bind a Microsoft Teams user to a portal user')
    .requiredOption('--tenant <id>', 'Microsoft Entra tenant id')
    .requiredOption('--user <id>', "the user's AAD object id")
    .requiredOption('--to <userId>', 'portal User ID')
    .option('--account <name>', 'account, when the User ID exists in several')
    .exitOverride()
    .action(linkAction('teams'));

  const unlink = program
    .command('unlink')
    .description('remove the binding of a chat identity (it is matched by email again)');
  unlink.exitOverride();
  const unlinkAction = (platform: 'slack' | 'teams') => async (o: { team?: string; tenant?: string; user: string }) =>
    withSwitchboard(async (sb) => {
      const workspaceId = (platform === 'slack' ? o.team : o.tenant)!;
      const user = await namingOptions({ ...linkOptions(platform), user: '--user' }, () =>
        unlinkChatIdentity(sb, { platform, workspaceId, chatUserId: o.user }),
      );
      out(`Unlinked ${platform} user ${o.user} (${workspaceId}) from ${user.userId} (${user.name}).`);
    });
  unlink
    .command('slack')
    .description('unbind a Slack user')
    .requiredOption('--team <id>', 'Slack team (workspace) id')
    .requiredOption('--user <id>', 'Slack user id')
    .exitOverride()
    .action(unlinkAction('slack'));
  unlink
    .command('teams')
    .description('unbind a Microsoft Teams user')
    .requiredOption('--tenant <id>', 'Microsoft Entra tenant id')
    .requiredOption('--user <id>', "the user's AAD object id")
    .exitOverride()
    .action(unlinkAction('teams'));

  program
    .command('outbox')
    .description('the latest emails and their links (links are read from the .eml files, never from the database)')
    .option('--limit <n>', 'how many emails, 1 to 200', '10')
    .option('--dir <folder>', 'where the .eml files are', './data/outbox')
    .option('--json', 'print JSON, one array')
    .exitOverride()
    .action(async (o: { limit: string; dir: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw new CliInputError(`--limit must be a whole number from 1 to 200, not "${o.limit}"`);
      }
      await withSwitchboard(async (sb) => {
        const entries = await latestEmails(sb, o.dir, limit);
        if (o.json) out(JSON.stringify(entries, null, 2));
        else for (const line of outboxLines(entries, Boolean(env.SMTP_URL))) out(line);
      });
    });

  program
    .command('demo')
    .description('load the demo account, sites and users of the reference documents; loading twice changes nothing')
    .exitOverride()
    .action(async () =>
      withSwitchboard(async (sb) => {
        const { account, created } = await loadDemoData(sb.orm, sb.clock.now());
        const total = Object.values(created).reduce((sum, count) => sum + count, 0);
        const voice = created.voiceUsers > 0 ? `, ${created.voiceUsers} voice users` : '';
        out(
          total === 0
            ? `Demo data already loaded (${account.name}); nothing changed.`
            : `Loaded demo account ${account.name}: ${created.sites} sites, ${created.users} users${voice}.`,
        );
      }),
    );

  program
    .command('migrate')
    .description('apply pending database migrations (start-up does this too)')
    .exitOverride()
    .action(async () => withSwitchboard(async () => out('Database is up to date.')));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || error instanceof StartupError || error instanceof CliInputError)
      err(error.message);
    else if (isServiceError(error)) err(`${error.message} (${error.code})`);
    else throw error;
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2), process.env);
}
