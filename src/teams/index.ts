import { defaultRegistry } from '../../commands/index.js';
import type { CommandRegistry } from '../../commands/types.js';
import { ActivityTypes, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { BackgroundWork } from '../chat/background.js';
import { SubmissionLedger } from '../chat/once-only.js';
import { DeliveryLedger } from '../chat/delivery-ledger.js';
import { IdentityResolver, type IdentityOptions } from '../chat/identity.js';
import type { Config } from '../config.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import { SwitchboardTeamsAdapter } from './adapter.js';
import { ApprovalEffects } from '../chat/approval-effects.js';
import { ImportProgressMessages } from '../chat/import-progress.js';
import { ReviewCards } from '../chat/review-cards.js';
import { teamsPort } from './approvals/deliver.js';
import { registerCardActions } from './card-actions.js';
import { registerDialogs } from './dialogs.js';
import { activityOf, stringOr } from './activity-body.js';
import { BotTokenCheck, PUBLIC_CLOUD, type TokenSources } from './auth/token-check.js';
import { messagesRoute } from './http.js';
import { TurnsAfterAck } from './after-ack.js';
import { registerMessages } from './messages.js';
import { TeamsRouter } from './router.js';
import { teamsModeNotice } from './mode.js';
import { invokeResponse } from './respond.js';
import { observeAcknowledgement } from '../lib/metrics.js';
import type { TeamsState } from './turn.js';
import { teamsMessagePort } from './message-port.js';

export interface TeamsBotOptions {
  deps: ServiceDeps;
  logger: Logger;
  /** Bot Framework credentials; without them, local mode. */
  teams: Config['teams'];
  /** Log how the route is guarded (default); the server says it at start-up instead. */
  announce?: boolean;
  /** How long an invoke works before it answers and reports later (default 4 s; Teams allows 5). */
  invokeBudgetMs?: number;
  identity?: IdentityOptions;
  /** The commands and forms offered; the default registry when left out (tests give their own). */
  registry?: CommandRegistry;
  /** Turns answered as they begin, at most, at once (default TURNS_AFTER_ACK). */
  turnsAfterAck?: number;
  /** Tests: outgoing credentials, and authentication settings (e.g. a local OpenID metadata URL). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  authOverrides?: ConfigurationBotFrameworkAuthenticationOptions;
}

export interface TeamsBot {
  /** Where each incoming activity goes: `adapter.answer` runs every turn through `router.run`. */
  router: TeamsRouter;
  adapter: SwitchboardTeamsAdapter;
  state: TeamsState;
  localMode: boolean;
  /** The turns answered (200) as they begin (messages): tests wait for them to end. */
  afterAck: TurnsAfterAck;
  /** Unsubscribes from approval events and waits for the work after answers. */
  stop(): Promise<void>;
}

/** The Teams bot: our router of activities over botbuilder's CloudAdapter. */
export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { teams, logger } = options;
  const auth: ConfigurationBotFrameworkAuthenticationOptions = teams
    ? {
        MicrosoftAppId: teams.appId,
        MicrosoftAppPassword: teams.appPassword,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: teams.tenantId,
        ...options.authOverrides,
      }
    : { ...options.authOverrides };
  const adapter = new SwitchboardTeamsAdapter(auth, options.credentialsFactory);
  const router = new TeamsRouter();
  const ledger = new DeliveryLedger(options.deps.orm, options.deps.clock);
  const state: TeamsState = {
    platform: 'teams',
    deps: options.deps,
    logger,
    identities: new IdentityResolver(options.deps, options.identity),
    ledger,
    background: new BackgroundWork(logger),
    registry: options.registry ?? defaultRegistry,
    ...(teams ? { tenantId: teams.tenantId } : {}),
    // A completed form card stays completed for a week (its message can be refreshed or clicked that long).
    completed: new SubmissionLedger(ledger, 'teams', 7 * 24 * 3_600_000, 'form-card:'),
    effects: undefined as unknown as ApprovalEffects,
    invokeBudgetMs: options.invokeBudgetMs ?? 4_000,
    continueConversation: (reference, logic) => adapter.continueConversationAsync(teams?.appId ?? '', reference, logic),
    createConversation: (serviceUrl, parameters, logic) =>
      adapter.createConversationAsync(
        teams?.appId ?? '',
        'msteams',
        serviceUrl,
        undefined as unknown as string,
        parameters,
        logic,
      ),
  };
  state.effects = new ApprovalEffects(state, teamsPort(state));
  const unsubscribeApprovals = state.effects.subscribe();
  const messages = teamsMessagePort(state);
  const unsubscribeImports = new ImportProgressMessages(state, messages).subscribe();
  const unsubscribeReviews = new ReviewCards(state, messages).subscribe();
  registerMessages(router, state);
  registerCardActions(router, state);
  registerDialogs(router, state);
  // A failed turn, any the adapter runs (incoming, or a conversation continued or created), ends here.
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activity: context.activity.type, name: context.activity.name }, 'teams: a turn failed');
    if (context.activity.type === ActivityTypes.Invoke) {
      const body =
        context.activity.name === 'adaptiveCard/action'
          ? {
              statusCode: 500,
              type: 'application/vnd.microsoft.error',
              value: { code: 'InternalError', message: 'Something went wrong; it has been logged.' },
            }
          : { task: { type: 'message', value: 'Something went wrong; it has been logged.' } };
      await invokeResponse(context, body);
    } else if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity('Something went wrong; it has been logged.').catch(() => undefined);
    }
  };
  const afterAck = new TurnsAfterAck(logger, options.turnsAfterAck);
  const stop = async () => {
    unsubscribeApprovals();
    unsubscribeImports();
    unsubscribeReviews();
    await afterAck.idle();
    await state.background.idle();
  };
  return { router, adapter, state, localMode: !teams, afterAck, stop };
}

/** Where the adapter takes Bot Framework tokens from (the public cloud unless overridden). */
function tokenSources(auth: ConfigurationBotFrameworkAuthenticationOptions = {}): TokenSources {
  return {
    channel: {
      metadataUrl: auth.ToBotFromChannelOpenIdMetadataUrl ?? PUBLIC_CLOUD.channel.metadataUrl,
      issuer: auth.ToBotFromChannelTokenIssuer ?? PUBLIC_CLOUD.channel.issuer,
    },
    entraMetadataUrl: auth.ToBotFromEmulatorOpenIdMetadataUrl ?? PUBLIC_CLOUD.entraMetadataUrl,
  };
}

/** Mounts the bot at `POST /api/messages` on the shared server and says how it authenticates. */
export function mountTeams(http: HttpServer, options: TeamsBotOptions): TeamsBot {
  const bot = createTeamsBot(options);
  const tokens = options.teams ? new BotTokenCheck(tokenSources(options.authOverrides)) : undefined;
  const logic = (context: TurnContext) => bot.router.run(context).then(() => undefined);
  http.route(
    'POST',
    '/api/messages',
    messagesRoute({
      localMode: bot.localMode,
      logger: options.logger,
      ...(tokens
        ? { checkToken: (authorization, activity) => tokens.verify(authorization, stringOr(activity.channelId)) }
        : {}),
      // processActivity, not process: its failures come back here (process prints them to the console).
      process: async (activity, authorization, turnStarts) => {
        const turn = turnStarts ? (context: TurnContext) => (turnStarts(), logic(context)) : logic;
        const answer = await bot.adapter.answer(authorization, activityOf(activity), turn);
        return answer && { status: answer.status, body: answer.body };
      },
      afterAck: bot.afterAck,
      acknowledged: (arrived) => observeAcknowledgement('teams', arrived),
    }),
  );
  if (options.announce !== false) options.logger.info(teamsModeNotice(options.teams));
  return bot;
}
