import '../runtime-guard.js';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { loadDemoData } from '../demo-data.js';
import { isServiceError } from '../domain/errors.js';
import { StartupError } from '../lib/startup-error.js';
import { createLogger } from '../logger.js';
import { createAdministrator } from '../services/bootstrap.js';
import { linkChatIdentity } from '../services/identities.js';
import { openSwitchboard } from '../switchboard.js';

type Out = (line: string) => void;

/** The operator's CLI: `npm run cli -- <command>`. Exported for tests; returns the exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, out: Out = (l) => process.stdout.write(`${l}\n`), err: Out = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const withSwitchboard = async (work: (sb: Awaited<ReturnType<typeof openSwitchboard>>) => Promise<void>) => {
    const config = loadConfig(env);
    const sb = await openSwitchboard(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
    try {
      await work(sb);
    } finally {
      await sb.close();
    }
  };

  const program = new Command('npm run cli --')
    .description('Switchboard operator commands: set up accounts and administrators, bind chat identities, load demo data, migrate.\nThe database is DATABASE_URL (default: SQLite at ./data/switchboard.db).')
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
    .exitOverride()
    .action(async (o: { account: string; userId: string; email: string; first: string; last: string; phone?: string }) =>
      withSwitchboard(async (sb) => {
        const user = await createAdministrator(sb, { account: o.account, userId: o.userId, email: o.email, firstName: o.first, lastName: o.last, phone: o.phone });
        out(`${user.accountCreated ? `Created account ${o.account} and ` : ''}Administrator ${user.userId} (${user.email}) in ${o.account}.`);
      }),
    );

  const link = program.command('link').description('bind a chat identity to a portal user by hand').exitOverride();
  const linkAction = (platform: 'slack' | 'teams') => async (o: { team?: string; tenant?: string; user: string; to: string; account?: string }) =>
    withSwitchboard(async (sb) => {
      const workspaceId = (platform === 'slack' ? o.team : o.tenant)!;
      const user = await linkChatIdentity(sb, { platform, workspaceId, chatUserId: o.user, user: o.to, account: o.account });
      out(`Linked ${platform} user ${o.user} (${workspaceId}) to ${user.userId} (${user.name}).`);
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

  program
    .command('demo')
    .description('load the demo account, sites and users of the reference documents; loading twice changes nothing')
    .exitOverride()
    .action(async () =>
      withSwitchboard(async (sb) => {
        const { account, created } = await loadDemoData(sb.orm, sb.clock.now());
        const total = Object.values(created).reduce((sum, count) => sum + count, 0);
        const voice = created.voiceUsers > 0 ? `, ${created.voiceUsers} voice users` : '';
        out(total === 0 ? `Demo data already loaded (${account.name}); nothing changed.` : `Loaded demo account ${account.name}: ${created.sites} sites, ${created.users} users${voice}.`);
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
    if (error instanceof ConfigError || error instanceof StartupError) err(error.message);
    else if (isServiceError(error)) err(`${error.message} (${error.code})`);
    else throw error;
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2), process.env);
}
