import './runtime-guard.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { firstAdministrator, loadDemoData } from './demo-data.js';
import { Account } from './domain/entities/account.js';
import { healthRoute, HttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { openSwitchboard } from './switchboard.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Switchboard cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const logger = createLogger(config.logLevel);
const switchboard = await openSwitchboard(config, logger);

if ((await switchboard.orm.em.fork().count(Account, {})) === 0) {
  const { account, created } = await loadDemoData(switchboard.orm);
  logger.info(`the database was empty: loaded the demo account "${account.name}" (${created.users} users, ${created.sites} sites)`);
}

const http = new HttpServer(logger).route('GET', '/healthz', healthRoute(switchboard.orm));
const port = await http.listen(config.port);
const admin = await firstAdministrator(switchboard.orm);
logger.info(`Switchboard is listening on http://localhost:${port} (links in emails use ${config.publicBaseUrl})${admin ? `; demo Administrator: ${admin.userId}` : ''}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  await http.close();
  await switchboard.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
