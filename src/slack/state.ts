import { defaultRegistry } from '../../commands/index.js';
import type { CommandRegistry } from '../../commands/types.js';
import type { webApi } from '@slack/bolt';
import type { CommandContext, CommandResult } from '../../commands/index.js';
import type { ChatAdapterState } from '../chat/adapter-state.js';
import type { ApprovalEffects } from '../chat/approval-effects.js';
import { BackgroundWork } from '../chat/background.js';
import { DeliveryLedger, DEFAULT_DELIVERY_TTL_MS } from '../chat/delivery-ledger.js';
import { IdentityResolver, type IdentityOptions, type Resolution } from '../chat/identity.js';
import { runChatCommand } from '../chat/run-command.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import { chatRef, SlackEmails, type SlackUserRef } from './identity.js';
import { mentionedUser } from './slack-text.js';

export { TIMED_OUT, withDeadline } from '../chat/background.js';

export interface SlackTimings {
  /** How long a slash command may take to answer in its acknowledgement; slower answers follow by response_url. */
  replyDeadlineMs: number;
  /** How long the acknowledgement waits for views.open before acknowledging anyway. */
  viewsOpenWaitMs: number;
  /** How long a form submission may take before the modal says "working on it" and the outcome follows by message. */
  submitDeadlineMs: number;
}

export const DEFAULT_TIMINGS: SlackTimings = { replyDeadlineMs: 50, viewsOpenWaitMs: 1_200, submitDeadlineMs: 2_200 };

/** What every Slack listener shares (the chat adapter state), with Slack's timings and email lookups. */
export class SlackState implements ChatAdapterState {
  readonly platform = 'slack' as const;
  readonly identities: IdentityResolver;
  readonly emails: SlackEmails;
  readonly logger: Logger;
  /** Deliveries taken on, in the database: shared by replicas, kept across restarts. */
  readonly ledger: DeliveryLedger;
  readonly background: BackgroundWork;
  /** Approval effects through Slack's ChatPort (set by createSlackAdapter, which has the bot's client). */
  effects!: ApprovalEffects;

  constructor(
    readonly deps: ServiceDeps,
    logger: Logger,
    readonly timings: SlackTimings = DEFAULT_TIMINGS,
    identity: IdentityOptions = {},
    readonly registry: CommandRegistry = defaultRegistry,
  ) {
    this.logger = logger.child({ component: 'slack' });
    this.identities = new IdentityResolver(deps, identity);
    this.emails = new SlackEmails(this.identities.ttlMs, identity.maxEntries, identity.now);
    this.ledger = new DeliveryLedger(deps.orm, deps.clock);
    this.background = new BackgroundWork(this.logger);
  }

  /**
   * The acting Slack user as a portal user: cached, else through users.info.
   * Throws only when Slack cannot be asked.
   */
  resolve(client: webApi.WebClient, ref: SlackUserRef): Promise<Resolution> {
    return this.identities.resolve(chatRef(ref), () => this.emails.of(client, ref));
  }

  peek(ref: SlackUserRef): Resolution | undefined {
    return this.identities.peek(chatRef(ref));
  }

  /** True the first time a delivery is seen (by trigger_id, event_id, ...), by any process on the database. */
  async firstDelivery(key: string | undefined, ttlMs = DEFAULT_DELIVERY_TTL_MS): Promise<boolean> {
    return !key || this.ledger.firstTime('slack', key, ttlMs);
  }

  later(what: string, task: () => Promise<unknown>): void {
    this.background.later(what, task);
  }

  idle(): Promise<void> {
    return this.background.idle();
  }

  /**
   * The command context of a resolved Slack user. Mentions were looked up before the command runs
   * (`resolveMentions`): `mentioned` gives each mentioned Slack user's portal User ID, so running it
   * makes no Web API call. `channel` is where the command was typed or clicked: the origin
   * `approvals here` records (a direct message is no approvals channel, so it gives none).
   * `slackUserId` is who typed it, reached later in their direct messages.
   */
  context(
    resolution: Extract<Resolution, { ok: true }>,
    channel?: string,
    mentioned: ReadonlyMap<string, string> = new Map(),
    slackUserId?: string,
  ): CommandContext {
    return {
      deps: this.deps,
      actor: resolution.actor,
      registry: this.registry,
      // Posting to a user id posts into their direct messages with the app (an import's progress).
      ...(slackUserId ? { replyPlace: { channel: slackUserId } } : {}),
      ...(channel && !channel.startsWith('D') ? { origin: { channel } } : {}),
      resolveMention: async (token) => {
        const slackUser = mentionedUser(token);
        return slackUser ? (mentioned.get(slackUser) ?? null) : null;
      },
    };
  }

  /** The command line run for a resolved user; an unexpected failure is logged and answered politely. */
  run(ctx: CommandContext, line: string, prefix: string): Promise<CommandResult> {
    return runChatCommand(this, ctx, line, prefix);
  }
}
