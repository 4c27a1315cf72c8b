import { runCommandLine, type CommandContext, type CommandResult } from '../../commands/index.js';
import { failure } from '../../views/reply.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import { DeliveryLedger, DEFAULT_DELIVERY_TTL_MS } from '../chat/delivery-ledger.js';
import { SlackIdentities, type IdentityOptions, type Resolution } from './identity.js';
import { mentionedUser } from './slack-text.js';

export interface SlackTimings {
  /** How long a slash command may take to answer in its acknowledgement; slower answers follow by response_url. */
  replyDeadlineMs: number;
  /** How long the acknowledgement waits for views.open before acknowledging anyway. */
  viewsOpenWaitMs: number;
  /** How long a form submission may take before the modal says "working on it" and the outcome follows by message. */
  submitDeadlineMs: number;
}

export const DEFAULT_TIMINGS: SlackTimings = { replyDeadlineMs: 50, viewsOpenWaitMs: 1_200, submitDeadlineMs: 2_200 };

export const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT once `ms` have passed (the work goes on). */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What every Slack listener shares: the services, the identity cache, the once-only ledger, background work. */
export class SlackRuntime {
  readonly identities: SlackIdentities;
  readonly logger: Logger;
  /** Deliveries taken on, in the database: shared by replicas, kept across restarts. */
  readonly ledger: DeliveryLedger;
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    readonly deps: ServiceDeps,
    logger: Logger,
    readonly timings: SlackTimings = DEFAULT_TIMINGS,
    identity: IdentityOptions = {},
  ) {
    this.logger = logger.child({ component: 'slack' });
    this.identities = new SlackIdentities(deps, identity);
    this.ledger = new DeliveryLedger(deps.orm, deps.clock);
  }

  /**
   * True the first time a delivery is seen (by trigger_id, event_id, ...), by any process on the
   * database, within `ttlMs`. Slack retries (X-Slack-Retry-Num), replays and double clicks repeat
   * the same key; they are acknowledged and dropped.
   */
  async firstDelivery(key: string | undefined, ttlMs = DEFAULT_DELIVERY_TTL_MS): Promise<boolean> {
    if (!key) return true;
    return this.ledger.firstTime('slack', key, ttlMs);
  }

  /** Work after the acknowledgement: tracked (so shutdown and tests can wait for it), errors logged. */
  later(what: string, task: () => Promise<unknown>): void {
    const running = task().catch((error: unknown) =>
      this.logger.error({ err: error, what }, 'slack: background work failed'),
    );
    this.background.add(running);
    void running.finally(() => this.background.delete(running));
  }

  /**
   * Work that is part of handling a delivery, awaited by whoever started it and counted as
   * background work meanwhile, so that `idle()` also waits for deliveries still being handled
   * (an event is acknowledged before its listener runs). Its failure is the caller's.
   */
  async during<T>(task: () => Promise<T>): Promise<T> {
    const running = task();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.background.add(settled);
    void settled.finally(() => this.background.delete(settled));
    return running;
  }

  /** Resolves when no background work is left. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /**
   * The command context of a resolved Slack user. Mentions were looked up before the command runs
   * (`resolveMentions`): `mentioned` gives each mentioned Slack user's portal User ID, so running it
   * makes no Web API call. `channel` is where the command was typed or clicked: the origin
   * `approvals here` records (a direct message is no approvals channel, so it gives none).
   */
  context(
    resolution: Extract<Resolution, { ok: true }>,
    channel?: string,
    mentioned: ReadonlyMap<string, string> = new Map(),
  ): CommandContext {
    return {
      deps: this.deps,
      actor: resolution.actor,
      ...(channel && !channel.startsWith('D') ? { origin: { channel } } : {}),
      resolveMention: async (token) => {
        const slackUser = mentionedUser(token);
        return slackUser ? (mentioned.get(slackUser) ?? null) : null;
      },
    };
  }

  /** runCommandLine, with an unexpected failure (a bug, the database down) logged and answered politely. */
  async run(ctx: CommandContext, line: string, prefix: string): Promise<CommandResult> {
    try {
      return await runCommandLine(ctx, line, { prefix });
    } catch (error) {
      this.logger.error({ err: error, command: line.split(/\s+/).slice(0, 2).join(' ') }, 'slack: command failed');
      return {
        kind: 'reply',
        reply: failure('Something went wrong on the Switchboard side; it has been logged. Try again in a moment.'),
      };
    }
  }
}
