import type { CommandRegistry } from '../../commands/types.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import { ApprovalEffects } from '../chat/approval-effects.js';
import { ImportProgressMessages } from '../chat/import-progress.js';
import { ReviewCards } from '../chat/review-cards.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../lib/logger.js';
import { observeAcknowledgement } from '../lib/metrics.js';
import type { ServiceDeps } from '../services/context.js';
import { slackPort } from './approvals.js';
import { slackMessagePort } from './message-port.js';
import { boltLogger } from './bolt-logger.js';
import { registerRunButtons, registerSlashCommand } from './command-flow.js';
import { registerFormSubmissions } from './form-submissions.js';
import { registerHome } from './home.js';
import type { IdentityOptions } from '../chat/identity.js';
import { registerOnceOnly, SIGNATURE_PROPERTY } from './once-only.js';
import { acceptSlackRequest, SlackSignature } from './signature.js';
import { DEFAULT_TIMINGS, SlackState, type SlackTimings } from './state.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackSettings {
  signingSecret: string;
  botToken: string;
  /** Set: Socket Mode instead of HTTP. */
  appToken?: string;
  /** SLACK_API_URL: the Web API base. */
  apiUrl: string;
}

export interface SlackAdapterOptions {
  settings: SlackSettings;
  deps: ServiceDeps;
  logger: Logger;
  /** The shared server: HTTP mode mounts POST /slack/events on it. */
  http?: HttpServer;
  /** Extra WebClient options (tests: `retryConfig: { retries: 0 }`). */
  clientOptions?: Omit<webApi.WebClientOptions, 'slackApiUrl' | 'logger'>;
  timings?: Partial<SlackTimings>;
  identity?: IdentityOptions;
  /** The commands and forms offered; the default registry when left out (tests give their own). */
  registry?: CommandRegistry;
}

export interface SlackAdapter {
  app: App;
  state: SlackState;
  mode: 'http' | 'socket';
  /** Socket Mode: connects. HTTP: nothing to do (the shared server listens). */
  start(): Promise<void>;
  /** Unsubscribes from approval events, waits for work after acknowledgements, and disconnects Socket Mode. */
  stop(): Promise<void>;
}

/**
 * The Slack front end: a Bolt app whose listeners turn slash commands, buttons, form
 * submissions and Home tab visits into the platform-neutral commands and forms. Over HTTP it
 * rides the shared server at POST /slack/events (the signature and its age checked first, 401
 * otherwise: signature.ts); with an app token it uses Socket Mode instead.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { settings } = options;
  const logger = boltLogger(options.logger);
  const state = new SlackState(
    options.deps,
    options.logger,
    { ...DEFAULT_TIMINGS, ...options.timings },
    options.identity,
    options.registry,
  );
  const common = {
    // The bot token as is: no auth.test before the first acknowledgement.
    authorize: async () => ({ botToken: settings.botToken }),
    // A few quick retries, not the WebClient's default of ten over half an hour: a trigger_id dies in 3 s.
    clientOptions: {
      timeout: 10_000,
      retryConfig: { retries: 2, minTimeout: 250, maxTimeout: 2_000 },
      ...options.clientOptions,
      slackApiUrl: settings.apiUrl,
      logger,
    },
    logger,
    ignoreSelf: false,
    convoStore: false as const,
  };
  const socket = Boolean(settings.appToken);
  let receiver: HTTPReceiver | undefined;
  const signature = socket ? undefined : new SlackSignature(settings.signingSecret);
  let app: App;
  if (socket) {
    app = new App({ ...common, socketMode: true, appToken: settings.appToken });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: settings.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
      // Checked before the receiver sees the request (signature.ts): the same rules, a tenth of the cost.
      signatureVerification: false,
      // For the once-only ledger: a delivery without a trigger or event id is known by its signature.
      customPropertiesExtractor: (req) => ({ [SIGNATURE_PROPERTY]: req.headers['x-slack-signature'] }),
    });
    app = new App({ ...common, receiver });
  }
  app.error(async (error) => {
    state.logger.error({ code: (error as { code?: string }).code, error: error.message }, 'slack: listener failed');
  });
  registerOnceOnly(app, state);
  registerSlashCommand(app, state);
  registerRunButtons(app, state);
  registerFormSubmissions(app, state);
  registerHome(app, state);

  if (receiver && signature && options.http) {
    const listener = receiver.requestListener;
    options.http.route('POST', SLACK_EVENTS_PATH, (req: IncomingMessage, res: ServerResponse) => {
      const arrived = performance.now();
      res.once('finish', () => observeAcknowledgement('slack', arrived));
      void acceptSlackRequest(req, res, signature, options.logger).then((accepted) => {
        if (accepted) listener(req, res);
      });
    });
  }

  // Approval cards and notices, after acknowledgements and for approval events: a client of its own with the bot token.
  const botClient = new webApi.WebClient(settings.botToken, common.clientOptions);
  state.effects = new ApprovalEffects(state, slackPort(state, botClient), '/portal ');
  const unsubscribeApprovals = state.effects.subscribe();
  const messages = slackMessagePort(botClient, state.logger);
  const unsubscribeImports = new ImportProgressMessages(state, messages).subscribe();
  const unsubscribeReviews = new ReviewCards(state, messages).subscribe();

  return {
    app,
    state,
    mode: socket ? 'socket' : 'http',
    async start() {
      if (socket) await app.start();
    },
    async stop() {
      unsubscribeApprovals();
      unsubscribeImports();
      unsubscribeReviews();
      await state.idle();
      if (socket) await app.stop();
    },
  };
}
