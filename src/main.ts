import './lib/runtime-guard.js';
// ./.env, if present, before the environment is read; the real environment wins over it.
import './load-env.js';
import { consoleUser } from './app/console-user.js';
import { prepareEmptyDatabase } from './app/first-run.js';
import { databaseGauges, databaseHealth } from './app/monitoring.js';
import { configOrExit, deferred, orExit } from './app/start-up.js';
import type { RunningConsole } from './console/open.js';
import { consoleLogSink, consoleUserOrExit, readStartOptions } from './console/start.js';
import { registerInfoPages } from './http/info-pages.js';
import { registerLinkPages } from './http/link-pages.js';
import { describeListening, localUrl } from './http/listen-address.js';
import { metricsRoute } from './http/metrics.js';
import { openRateLimitStore } from './http/rate-limit.js';
import { healthRoute, HttpServer } from './http/server.js';
import { createLogger, requestContext } from './lib/logger.js';
import { releaseStartUpMemory } from './lib/start-up-memory.js';
import { MailWorker } from './mail/outbox-worker.js';
import { createMailTransport } from './mail/transport.js';
import { ApprovalSweeper } from './app/approvals-sweeper.js';
import { registerDownloads } from './http/downloads.js';
import { ImportRunner } from './app/import-runner.js';
import { openSwitchboard } from './app/switchboard.js';
import { teamsModeNotice } from './teams/mode.js';

const startOptions = readStartOptions(process.argv.slice(2));
const config = configOrExit(process.env);
// In a terminal with no chat credentials, the console opens; the log then goes to ./data/switchboard.log.
const logSink = consoleLogSink(config, startOptions);
const logger = createLogger(config.logLevel, logSink);
for (const warning of config.ignoredVariables) logger.warn(warning);
const switchboard = await orExit(openSwitchboard(config, logger));

// An empty embedded database gets the demo data; an empty one an operator named, a hint.
const { demoAdministrator } = await prepareEmptyDatabase(switchboard, config.database, logger);
const consoleAs = logSink ? await consoleUserOrExit(consoleUser(switchboard, startOptions.as), switchboard) : null;

const http = new HttpServer(logger).route('GET', '/healthz', healthRoute(databaseHealth(switchboard)));
http.route('GET', '/metrics', metricsRoute(databaseGauges(switchboard), { token: config.metricsToken }));
// PostgreSQL: the pages' rate limits are counted in the database, shared by every replica.
const rateLimits = await openRateLimitStore(config.database, (error) =>
  logger.warn({ err: error }, 'rate limits: PostgreSQL ended an idle connection; the next request opens another'),
);
registerLinkPages(http, switchboard, {
  rateLimits,
  portalName: config.portal.name,
  loginUrl: config.portal.loginUrl,
  secureCookies: config.publicBaseUrl.startsWith('https:'),
  trustProxy: config.trustProxy,
});
registerInfoPages(http, { portalName: config.portal.name });
registerDownloads(http, switchboard);
// The chat SDKs take seconds to load and tens of MB. Slack is loaded only when configured. Teams is
// always on (local mode without credentials), but its SDK is loaded only when it is needed: on the
// first Teams request, or just after start-up when Teams credentials say it will be used.
// Loaded outside the first request's context, so that the SDK's timers do not carry its request id.
const teams = deferred(() =>
  requestContext.exit(() =>
    import('./teams/index.js').then(({ mountTeams }) => {
      const routes = new HttpServer(logger);
      return { routes, bot: mountTeams(routes, { deps: switchboard, logger, teams: config.teams, announce: false }) };
    }),
  ),
);
http.route('POST', '/api/messages', async (req, res) => (await teams.get()).routes.handle(req, res));
logger.info(teamsModeNotice(config.teams));
const slack = config.slack
  ? (await import('./slack/index.js')).mountSlack(http, { deps: switchboard, logger, slack: config.slack })
  : undefined;
await orExit(http.listen(config.port, config.host));
const listening = http.address();
// Without PUBLIC_BASE_URL, links in emails use the address really listened on (PORT=0 included).
if (config.publicBaseUrlIsDefault) switchboard.settings.publicBaseUrl = localUrl(listening);
await slack?.start();
const transport = createMailTransport(config, logger);
const mail = new MailWorker(switchboard, {
  transport,
  from: config.mailFrom,
  portalName: config.portal.name,
  loginUrl: config.portal.loginUrl,
});
mail.start();
// Expired approval requests are marked every minute; the adapters, subscribed when mounted, are told.
const approvals = new ApprovalSweeper(switchboard, logger);
// Teams subscribes once loaded; a change to a Teams request before then (the sweeper, or a decision
// in Slack or the console) loads it and hands it that change.
const wakeTeams = switchboard.approvalEvents.subscribe(async (changed) => {
  if (teams.started() || !changed.some((r) => r.platform === 'teams' || r.messageRef?.platform === 'teams')) return;
  wakeTeams();
  await (await teams.get()).bot.state.effects.changed(changed);
});
// The same for a grant whose holder is told on Teams (the sweep at start-up ends overdue ones).
const wakeTeamsForGrants = switchboard.approvalEvents.subscribeGrantEnds(async (ended) => {
  if (teams.started() || !ended.some((g) => g.platform === 'teams')) return;
  wakeTeamsForGrants();
  await (await teams.get()).bot.state.effects.grantsEnded(ended);
});
approvals.start();
// Confirmed `users import` batches: started at once when confirmed, else found within seconds.
const imports = new ImportRunner(switchboard, logger);
imports.start();

// Signals are handled from here on, before the server says it listens; the console opens after.
/** The console, once open. */
let terminal: RunningConsole | null = null;

/** A service manager waits about 10 s after SIGTERM; whatever is still running by then is cut short. */
const STOP_DEADLINE_MS = 9_000;
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  setTimeout(() => {
    logger.error(`still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting now`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  await terminal?.close();
  await slack?.stop();
  // Requests in flight are answered; then no new ones are taken.
  await http.close();
  await approvals.stop();
  // The chunk being imported is committed; the rest of its batch waits for the next start.
  await imports.stop();
  if (teams.started()) await (await teams.get()).bot.stop();
  // The email being sent is finished and recorded.
  await mail.stop();
  transport.close();
  await rateLimits.close();
  await switchboard.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

logger.info(
  config.smtpUrl
    ? 'emails go out through SMTP_URL'
    : 'SMTP_URL is not set: emails are written to ./data/outbox/ as .eml files and their links are logged',
);
const demo = demoAdministrator ? `; demo Administrator: ${demoAdministrator}` : '';
logger.info(
  `Switchboard is listening on ${localUrl(listening)} (${describeListening(listening)}; ` +
    `links in emails use ${switchboard.settings.publicBaseUrl})${demo}`,
);

// The console's modules are loaded only when it opens; a signal while they load stops the server without it.
if (consoleAs) {
  const { openConsole } = await import('./console/open.js');
  if (!stopping) {
    terminal = openConsole({ deps: switchboard, user: consoleAs, logger, logSink });
    void terminal.done.then(() => stop('console'));
  }
}

const released = () => logger.debug(`start-up memory released in ${releaseStartUpMemory().toFixed(0)} ms`);
// With Teams credentials its SDK is loaded just after start-up: the memory start-up leaves is released after it.
if (config.teams) setTimeout(() => void teams.get().then(released), 1_000).unref();
else setImmediate(released);
