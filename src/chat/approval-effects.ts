import { cardNotPostedNotice, isFinal, reminderNotice, requesterNotice } from '../../views/replies/approval-notices.js';
import { grantEndedNotice } from '../../views/replies/grant-replies.js';
import type { Reply, ReplyEffect } from '../../views/reply.js';
import type { GrantDto } from '../domain/dto/grant-dto.js';
import { CHAT_PLATFORMS } from '../domain/entities/chat-identity.js';
import { getApproval, recordApprovalMessage, type ApprovalDto } from '../services/approvals/index.js';
import type { ChatAdapterState } from './adapter-state.js';

/** Where a card was posted: the channel (conversation) and the message in it, with what is needed to reach it. */
export interface PostedCard {
  channel: string;
  message: string;
  extra?: Record<string, string>;
}

/**
 * What the approval effects need of a chat platform; each adapter implements it, nothing more.
 * Every method may make network calls: they run after the acknowledgement only.
 */
export interface ChatPort {
  /** Posts a request's card to a channel: where it went, or why it could not be posted. */
  postCard(
    view: ApprovalDto,
    to: { channel: string; extra: Record<string, string> },
  ): Promise<{ ok: true; posted: PostedCard } | { ok: false; why: string }>;
  /** Updates the request's posted card (`view.messageRef`) for everyone; false when there is none or it failed. */
  updateCard(view: ApprovalDto): Promise<boolean>;
  /** Tells the request's requester (a portal user) something privately. */
  tellRequester(view: ApprovalDto, reply: Reply): Promise<void>;
  /** Tells a portal user something privately through their chat identity here; false when they cannot be reached. */
  tellUser(portalUserId: string, reply: Reply): Promise<boolean>;
  /** Posts under the request's posted card (Slack: its thread; Teams: a reply to it); false when there is none. */
  remind(view: ApprovalDto, reply: Reply): Promise<boolean>;
}

/** Whoever a reply answered, for its effects: how to tell them, and what to record about them. */
export interface EffectsAsker {
  /** Tells the one who asked (the reply's audience) privately. */
  tell(reply: Reply): Promise<unknown>;
  /** Kept with a request of theirs (Teams: how to reach the requester later). */
  requesterExtra?: Record<string, string>;
  /** A posted card the adapter already brought up to date in its answer (Teams replaces the clicked card). */
  updatedCard?: string;
}

/** How long "the requester was told of this state" is remembered: a final state does not change again. */
const TOLD_TTL_MS = 24 * 3_600_000;

/** Whether a grant was given in a chat (its holder is told there), not the console (told wherever they can be reached). */
const inChat = (platform: string) => (CHAT_PLATFORMS as readonly string[]).includes(platform);

/**
 * Approval effects for one chat platform, decided here once for all of them: a held change's card
 * posted and where recorded; a changed request's card updated for everyone and its requester told,
 * once per state across replicas (the once-only ledger); a decision that changed nothing mends a
 * stale card. The adapter only carries the port's calls out.
 */
export class ApprovalEffects {
  constructor(
    private readonly state: ChatAdapterState,
    private readonly port: ChatPort,
    /** How commands are typed on the platform (`/portal ` on Slack), for what the requester is told. */
    private readonly prefix = '',
  ) {}

  /** Subscribes to the services' approval events; the work is done in the background. Returns the unsubscribe. */
  subscribe(): () => void {
    const events = this.state.deps.approvalEvents;
    const approvals = events.subscribe(async (changed) => {
      this.state.background.later('approval events', () => this.changed(changed));
    });
    const grants = events.subscribeGrantEnds(async (ended) => {
      this.state.background.later('grant ends', () => this.grantsEnded(ended));
    });
    const reminders = events.subscribeReminders(async (due) => {
      this.state.background.later('approval reminders', () => this.remind(due));
    });
    return () => {
      approvals();
      grants();
      reminders();
    };
  }

  /** Reminds the approvers of requests whose cards are on this platform (claimed once across replicas by the sweep). */
  async remind(due: readonly ApprovalDto[]): Promise<void> {
    for (const view of due) {
      if (view.state !== 'pending' || view.messageRef?.platform !== this.state.platform || !view.messageRef.message)
        continue;
      try {
        await this.port.remind(view, reminderNotice(view, this.state.deps.clock.now()));
      } catch (error) {
        this.state.logger.warn({ err: error, approval: view.id }, 'could not remind the approvers');
      }
    }
  }

  /**
   * Grants that ended (on time, or revoked by someone) whose holders are told here, once across
   * replicas: the platform the grant was asked from, or, for one given outside chat (the console),
   * each platform where the holder has a chat identity. One who revoked their own grant was
   * answered already and is not told again.
   */
  async grantsEnded(ended: readonly GrantDto[]): Promise<void> {
    for (const grant of ended) {
      const toldHere = grant.platform === this.state.platform || !inChat(grant.platform);
      if (!toldHere || grant.revokedById === grant.user.id) continue;
      try {
        if (await this.state.ledger.firstTime(this.state.platform, `grant-ended:${grant.id}`, TOLD_TTL_MS))
          await this.tellHolder(grant, grantEndedNotice(grant));
      } catch (error) {
        this.state.logger.warn({ err: error, grant: grant.id }, 'could not tell a user their grant ended');
      }
    }
  }

  /** The holder of a grant told: where they asked, when they asked for it themselves here; else through their chat identity. */
  private async tellHolder(grant: GrantDto, notice: Reply): Promise<void> {
    const own =
      grant.platform === this.state.platform && grant.requester.id === grant.user.id && grant.approvalRequestId;
    const view = own ? await getApproval(this.state.deps, grant.approvalRequestId!) : null;
    if (view) return this.port.tellRequester(view, notice);
    if (!(await this.port.tellUser(grant.user.id, notice)))
      this.state.logger.info({ grant: grant.id }, 'the holder of a grant that ended could not be told here');
  }

  /** What a reply asks of the platform besides showing it (after the acknowledgement). */
  async carryOut(effects: readonly ReplyEffect[] | undefined, asker: EffectsAsker): Promise<void> {
    for (const effect of effects ?? []) {
      try {
        if (effect.kind === 'approval-requested') await this.requested(effect, asker);
        else {
          const view = await getApproval(this.state.deps, effect.approvalId);
          if (!view) continue;
          if (effect.kind === 'approval-decided') await this.changed([view], asker.updatedCard);
          // Changed nothing: a final card is mended so nobody clicks a stale Approve; nobody is told again.
          else if (isFinal(view) && this.mine(view) && view.messageRef?.message !== asker.updatedCard)
            await this.port.updateCard(view);
        }
      } catch (error) {
        this.state.logger.error(
          { err: error, effect: effect.kind, approval: effect.approvalId },
          'approval effect failed',
        );
      }
    }
  }

  /** Requests that moved on: their cards on this platform updated, their requesters here told once per state. */
  async changed(views: readonly ApprovalDto[], updatedCard?: string): Promise<void> {
    for (const view of views) {
      if (!this.mine(view)) continue;
      try {
        if (!updatedCard || view.messageRef?.message !== updatedCard) await this.port.updateCard(view);
        const notice = requesterNotice(view);
        if (!notice || view.platform !== this.state.platform) continue;
        const told = `approval-told:${view.id}:${view.state}`;
        if (await this.state.ledger.firstTime(this.state.platform, told, TOLD_TTL_MS))
          await this.port.tellRequester(view, notice);
      } catch (error) {
        this.state.logger.warn({ err: error, approval: view.id }, 'could not publish an approval request that changed');
      }
    }
  }

  private mine(view: ApprovalDto): boolean {
    return view.platform === this.state.platform || view.messageRef?.platform === this.state.platform;
  }

  private async requested(
    effect: Extract<ReplyEffect, { kind: 'approval-requested' }>,
    asker: EffectsAsker,
  ): Promise<void> {
    const { deps, platform } = this.state;
    const view = await getApproval(deps, effect.approvalId);
    if (!view) return;
    const requester = asker.requesterExtra ?? {};
    if (effect.channel?.platform !== platform) {
      // No approvals channel here (the reply says what to do): remember how to tell the requester later.
      if (asker.requesterExtra)
        await recordApprovalMessage(deps, view.id, { platform, channel: '', message: null, extra: requester });
      return;
    }
    const to = { channel: effect.channel.channel, extra: { ...effect.channel.extra, ...requester } };
    const result = await this.port.postCard(view, to);
    if (!result.ok) {
      this.state.logger.warn(
        { approval: view.id, channel: to.channel, why: result.why },
        'could not post the approval card',
      );
      const ref = { platform, channel: to.channel, message: null, extra: to.extra };
      if (asker.requesterExtra) await recordApprovalMessage(deps, view.id, ref);
      await asker.tell(cardNotPostedNotice(view.id, result.why, this.prefix));
      return;
    }
    const { posted } = result;
    const extra = { ...to.extra, ...posted.extra };
    const ref = { platform, channel: posted.channel, message: posted.message };
    await recordApprovalMessage(deps, view.id, Object.keys(extra).length > 0 ? { ...ref, extra } : ref);
    // Decided while the card was on its way (before where it went was recorded): bring it up to date now.
    const now = await getApproval(deps, view.id);
    if (now && now.state !== 'pending') await this.changed([now]);
  }
}
