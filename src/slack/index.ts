import type { Config } from '../config.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from './app.js';

/**
 * Slack for main.ts: nothing when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are unset; else
 * POST /slack/events on the shared server, or Socket Mode when SLACK_APP_TOKEN is set
 * (connected by `start()`, after the server listens).
 */
export function mountSlack(
  http: HttpServer,
  options: { deps: ServiceDeps; logger: Logger; slack: Config['slack'] },
): SlackAdapter | undefined {
  if (!options.slack) return undefined;
  const adapter = createSlackAdapter({ settings: options.slack, deps: options.deps, logger: options.logger, http });
  options.logger.info(
    adapter.mode === 'socket'
      ? 'Slack: Socket Mode (SLACK_APP_TOKEN is set)'
      : `Slack: events, commands and interactions at POST ${SLACK_EVENTS_PATH}`,
  );
  return adapter;
}

export { createSlackAdapter, type SlackAdapter } from './app.js';
