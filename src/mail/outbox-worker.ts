import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { changeTransaction } from '../db/grouped-commits.js';
import type { ServiceDeps } from '../services/context.js';
import { forgetLinkToken } from '../services/links/tokens.js';
import { composeMessage } from './compose-message.js';
import { claimDueMessages, finishMessage, type ClaimedMessage, type MessageOutcome } from './outbox-claims.js';
import { DEFAULT_RETRY_POLICY, describeDeliveryError, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { senderName, type MailTransport } from './transport.js';

export interface MailWorkerOptions {
  transport: MailTransport;
  /** MAIL_FROM. */
  from: string;
  /** PORTAL_NAME, the portal's name in the emails; default MAIL_FROM's display name. */
  portalName?: string;
  /** PORTAL_LOGIN_URL: where the password-changed notice sends people to sign in. */
  loginUrl?: string;
  /** Wait between polls when nothing was due. Default 1 s. */
  pollIntervalMs?: number;
  /** Messages claimed, and sent in parallel, per round. Default 4. */
  batchSize?: number;
  /** How long a claim lasts; a message whose worker died is taken up again after it. Default 5 min. */
  leaseMs?: number;
  /** Hard limit on one delivery, well inside the lease. Default 60 s. */
  sendTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Unique per worker (at most 64 characters); default host:pid:random. */
  workerId?: string;
  random?: () => number;
}

/** What one round did. */
export interface RoundSummary {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  cancelled: number;
  /** Messages whose lease ran out before the outcome was recorded (another worker took them). */
  lost: number;
}

const emptySummary = (): RoundSummary => ({ claimed: 0, sent: 0, retrying: 0, failed: 0, cancelled: 0, lost: 0 });

/**
 * Delivers the transactional outbox: claims due messages (a row lock or a conditional update,
 * with a lease), mints a token for each attempt at a link's email, renders the email and hands it
 * to the transport (a refused attempt's token is forgotten); retries with exponential backoff and
 * marks a message failed after the last attempt. `start()` polls until `stop()`, which waits for
 * the sends in flight. Its claims, tokens and outcomes are changes like any other (grouped-commits.ts):
 * on SQLite they share the commits of the changes made meanwhile instead of one commit each.
 */
export class MailWorker {
  readonly workerId: string;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly portalName: string;
  private readonly random: () => number;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly rounds = new Set<Promise<RoundSummary>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly options: MailWorkerOptions,
  ) {
    this.workerId = (
      options.workerId ?? `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(4).toString('hex')}`
    ).slice(0, 64);
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 4;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.portalName = options.portalName ?? senderName(options.from);
    this.random = options.random ?? Math.random;
    if (this.sendTimeoutMs * 2 > this.leaseMs)
      throw new Error('MailWorker: the lease must be at least twice the send timeout');
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Polls in the background until stop(). Calling it twice does nothing more. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.pollUntilStopped();
  }

  /** Stops polling and waits for the sends in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await Promise.allSettled([...this.rounds]);
  }

  /** One round: claim what is due (up to the batch size) and deliver it. */
  runOnce(): Promise<RoundSummary> {
    const round = this.round();
    this.rounds.add(round);
    void round.finally(() => this.rounds.delete(round)).catch(() => undefined);
    return round;
  }

  private async pollUntilStopped(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        full = (await this.runOnce()).claimed >= this.batchSize;
      } catch (error) {
        this.deps.logger.error(
          { err: { message: describeDeliveryError(error, this.options.transport.secrets) } },
          'mail worker: could not read the outbox; trying again',
        );
      }
      if (!full && !this.stopping) await this.sleep(this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = null;
    });
  }

  private async round(): Promise<RoundSummary> {
    const now = this.deps.clock.now();
    const claim = {
      workerId: this.workerId,
      now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      limit: this.batchSize,
    };
    const messages = await changeTransaction(this.deps.orm, (em) => claimDueMessages(em, claim));
    const summary = emptySummary();
    summary.claimed = messages.length;
    const outcomes = await Promise.all(messages.map((message) => this.deliver(message)));
    for (const { status, recorded } of outcomes) {
      if (!recorded) summary.lost += 1;
      else if (status === 'sent') summary.sent += 1;
      else if (status === 'pending') summary.retrying += 1;
      else summary[status] += 1;
    }
    return summary;
  }

  private async deliver(message: ClaimedMessage): Promise<{ status: MessageOutcome['status']; recorded: boolean }> {
    const outcome = await this.attempt(message);
    const recorded = await changeTransaction(this.deps.orm, (em) =>
      finishMessage(em, message.id, this.workerId, outcome),
    );
    const log = {
      worker: this.workerId,
      outboxId: message.id,
      kind: message.kind,
      to: message.recipient,
      attempt: message.attempts,
      status: outcome.status,
    };
    if (!recorded)
      this.deps.logger.warn(log, 'mail worker: the claim on this email ran out before its outcome was recorded');
    else if (outcome.status === 'sent')
      this.deps.logger.info(log, `email sent to ${message.recipient} (${message.kind})`);
    else if (outcome.status === 'pending')
      this.deps.logger.warn(
        { ...log, error: outcome.lastError, nextAttemptAt: outcome.nextAttemptAt },
        // Why, in the message itself: the console shows a warning's message (lastError has no secret).
        `email to ${message.recipient} not delivered (${outcome.lastError}); retrying`,
      );
    else if (outcome.status === 'failed')
      this.deps.logger.error(
        { ...log, error: outcome.lastError },
        `email to ${message.recipient} failed: ${outcome.lastError}`,
      );
    else this.deps.logger.info({ ...log, reason: outcome.lastError }, `email to ${message.recipient} cancelled`);
    return { status: outcome.status, recorded };
  }

  private async forgetToken(tokenHash: string): Promise<void> {
    try {
      await forgetLinkToken(this.deps, tokenHash);
    } catch (error) {
      const err = { message: describeDeliveryError(error, []) };
      this.deps.logger.warn({ err }, 'mail worker: could not forget the token of a refused email');
    }
  }

  /** Composes and sends one claimed message; never throws. */
  private async attempt(message: ClaimedMessage): Promise<MessageOutcome> {
    const secrets: (string | null)[] = [...this.options.transport.secrets];
    const retryOrFail = (error: unknown): MessageOutcome => {
      const lastError = describeDeliveryError(error, secrets);
      if (message.attempts >= this.retry.maxAttempts) {
        return { status: 'failed', lastError: `gave up after ${message.attempts} attempts: ${lastError}` };
      }
      const wait = retryDelayMs(message.attempts, this.retry, this.random);
      return { status: 'pending', nextAttemptAt: new Date(this.deps.clock.now().getTime() + wait), lastError };
    };
    if (message.attempts > this.retry.maxAttempts) {
      return {
        status: 'failed',
        lastError: `gave up after ${message.attempts - 1} attempts: the last one did not finish (the worker stopped while sending)`,
      };
    }
    let tokenHash: string | null = null;
    try {
      const composition = await composeMessage(this.deps, message, this.portalName, this.options.loginUrl);
      if (composition.action === 'cancel') return { status: 'cancelled', lastError: composition.reason };
      if (composition.action === 'fail') return { status: 'failed', lastError: composition.reason };
      secrets.push(composition.token, composition.link);
      tokenHash = composition.tokenHash;
      const { id: outboxId, attempts: attempt, kind, recipient: to } = message;
      await this.options.transport.deliver(
        { outboxId, attempt, kind, from: this.options.from, to, ...composition.email, link: composition.link },
        AbortSignal.timeout(this.sendTimeoutMs),
      );
      return { status: 'sent', sentAt: this.deps.clock.now() };
    } catch (error) {
      // A refused email reached nobody: its link must not open. One that may have got through keeps working.
      if (tokenHash && this.options.transport.notHandedOver(error)) await this.forgetToken(tokenHash);
      return retryOrFail(error);
    }
  }
}
