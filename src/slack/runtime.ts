import type { webApi } from '@slack/bolt';
import { runCommandLine, type CommandContext, type CommandResult } from '../../commands/index.js';
import { failure } from '../../views/reply.js';
import type { Logger } from '../logger.js';
import type { ServiceDeps } from '../services/context.js';
import { TtlCache } from './cache.js';
import { SlackIdentities, type IdentityOptions, type Resolution, type SlackUserRef } from './identity.js';
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

/** What every Slack listener shares: the services, the identity cache, deliveries seen, background work. */
export class SlackRuntime {
  readonly identities: SlackIdentities;
  readonly logger: Logger;
  private readonly seen = new TtlCache<string, true>(20_000);
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    readonly deps: ServiceDeps,
    logger: Logger,
    readonly timings: SlackTimings = DEFAULT_TIMINGS,
    identity: IdentityOptions = {},
  ) {
    this.logger = logger.child({ component: 'slack' });
    this.identities = new SlackIdentities(deps, identity);
  }

  /**
   * True the first time a delivery is seen (by trigger_id, event_id, ...). Slack retries
   * (X-Slack-Retry-Num) and double clicks repeat the same key; they are acknowledged and dropped.
   */
  firstDelivery(key: string | undefined, ttlMs = 30 * 60_000): boolean {
    if (!key) return true;
    if (this.seen.has(key)) return false;
    this.seen.set(key, true, ttlMs);
    return true;
  }

  /** Work after the acknowledgement: tracked (so shutdown and tests can wait for it), errors logged. */
  later(what: string, task: () => Promise<unknown>): void {
    const running = task().catch((error: unknown) => this.logger.error({ err: error, what }, 'slack: background work failed'));
    this.background.add(running);
    void running.finally(() => this.background.delete(running));
  }

  /** Resolves when no background work is left. */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /**
   * The command context of a resolved Slack user. Mentions resolve to the mentioned user's
   * email: from the cache only before the acknowledgement (`webApi: false`), through
   * users.info after it. `channel` is where the command was typed or clicked: the origin
   * `approvals here` records (a direct message is no approvals channel, so it gives none).
   */
  context(resolution: Extract<Resolution, { ok: true }>, client: webApi.WebClient, ref: SlackUserRef, webApi: boolean, channel?: string): CommandContext {
    return {
      deps: this.deps,
      actor: resolution.actor,
      ...(channel && !channel.startsWith('D') ? { origin: { channel } } : {}),
      resolveMention: async (token) => {
        const slackUser = mentionedUser(token);
        if (!slackUser) return null;
        const mentioned = { teamId: ref.teamId, userId: slackUser };
        const cached = this.identities.peekEmail(mentioned);
        if (cached !== undefined || !webApi) return cached ?? null;
        return this.identities.emailOf(client, mentioned);
      },
    };
  }

  /** runCommandLine, with an unexpected failure (a bug, the database down) logged and answered politely. */
  async run(ctx: CommandContext, line: string, prefix: string): Promise<CommandResult> {
    try {
      return await runCommandLine(ctx, line, { prefix });
    } catch (error) {
      this.logger.error({ err: error, command: line.split(/\s+/).slice(0, 2).join(' ') }, 'slack: command failed');
      return { kind: 'reply', reply: failure('Something went wrong on the Switchboard side; it has been logged. Try again in a moment.') };
    }
  }
}
