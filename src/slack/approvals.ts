import type { webApi } from '@slack/bolt';
import { failure, type Reply } from '../../views/reply.js';
import type { ApprovalListener } from '../services/approvals/events.js';
import { ChatIdentity } from '../domain/entities/chat-identity.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { getApproval, recordApprovalMessage, type ApprovalDto } from '../services/approvals/index.js';
import { FINAL_STATES, renderApprovalCard, requesterNotice } from './approval-card.js';
import { deliverReply, type Destination } from './deliver.js';
import { renderReply } from './render-reply.js';
import type { SlackRuntime } from './runtime.js';

/** `approvals approve <id>` or `approvals deny <id> ...`: the request a command line decides. */
const DECISION_LINE = /^\s*approvals\s+(?:approve|deny)\s+(\S+)/i;

/** The approval request a decision is about, when it was typed or clicked, or submitted by the deny form. */
export function decisionTarget(line: string | undefined, formMetadata?: Record<string, unknown>): string | null {
  if (typeof formMetadata?.request === 'string') return formMetadata.request;
  return line ? (DECISION_LINE.exec(line)?.[1] ?? null) : null;
}

/** Whether a reply needs anything of Slack after it is shown (so most replies schedule nothing). */
export function needsFollowUp(reply: Reply, line?: string): boolean {
  return (reply.effects?.length ?? 0) > 0 || decisionTarget(line) !== null;
}

/** What the reply was an answer to: who asked, where to tell them, and the request a decision named. */
export interface FollowUp {
  dest: Destination;
  /** The portal user who typed, clicked or submitted. */
  actorId: string;
  /** The request a decision command or the deny form named, if any. */
  decided?: string | null;
}

/** How long "the requester was told of this state" is remembered: a final state does not change again. */
const TOLD_TTL_MS = 24 * 3_600_000;

const slackError = (error: unknown) => (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;

/**
 * After a reply has been shown (never before the acknowledgement): posts the card of a
 * request that now waits for approval; updates the card of a decided one for everyone and
 * tells its requester privately; and when a decision found the request already decided or
 * expired, refreshes its card so the channel shows the truth.
 */
export async function followUp(
  rt: SlackRuntime,
  client: webApi.WebClient,
  reply: Reply,
  context: FollowUp,
): Promise<void> {
  const decidedNow = new Set<string>();
  for (const effect of reply.effects ?? []) {
    if (effect.kind === 'approval-requested') {
      // Not Slack's channel, or none set: the requester's reply already says what to do.
      if (effect.channel?.platform === 'slack')
        await postCard(rt, client, effect.approvalId, effect.channel.channel, context.dest);
    } else {
      decidedNow.add(effect.approvalId);
      const view = await getApproval(rt.deps, effect.approvalId);
      if (view) await publishDecision(rt, client, view, true);
    }
  }
  if (context.decided && !decidedNow.has(context.decided))
    await refreshCard(rt, client, context.decided, context.actorId);
}

/** Posts a request's card to the approvals channel and records where, so decisions can update it. */
async function postCard(
  rt: SlackRuntime,
  client: webApi.WebClient,
  approvalId: string,
  channel: string,
  requester: Destination,
): Promise<void> {
  const view = await getApproval(rt.deps, approvalId);
  if (!view) return;
  const card = renderApprovalCard(view);
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await client.chat.postMessage({
      channel,
      text: card.text,
      blocks: card.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    const code = slackError(error);
    rt.logger.warn({ approval: approvalId, channel, error: code }, 'slack: could not post an approval card');
    const hint =
      code === 'not_in_channel' || code === 'channel_not_found'
        ? 'Invite Switchboard to the approvals channel (`/invite @Switchboard` there), or run `/portal approvals here` in a channel it is in.'
        : 'Try `/portal approvals` later to see it.';
    await deliverReply(
      client,
      requester,
      failure(
        `Your change waits for approval, but its card could not be posted to the approvals channel (${code}). Another Administrator can still approve it with \`/portal approvals approve ${approvalId}\`. ${hint}`,
      ),
      rt.logger,
    );
    return;
  }
  if (!posted.ts) return;
  await recordApprovalMessage(rt.deps, approvalId, {
    platform: 'slack',
    channel: posted.channel ?? channel,
    message: posted.ts,
  });
  // Decided while the card was on its way (before its ts was recorded): bring it up to date now.
  const now = await getApproval(rt.deps, approvalId);
  if (now && now.state !== 'pending') await updateCard(rt, client, now);
}

/** chat.update of the posted card, for everyone in the channel. False when there is no Slack card. */
async function updateCard(rt: SlackRuntime, client: webApi.WebClient, view: ApprovalDto): Promise<boolean> {
  const ref = view.messageRef;
  if (!ref || ref.platform !== 'slack' || !ref.message) return false;
  const card = renderApprovalCard(view);
  try {
    await client.chat.update({ channel: ref.channel, ts: ref.message, text: card.text, blocks: card.blocks });
    return true;
  } catch (error) {
    rt.logger.warn({ approval: view.id, error: slackError(error) }, 'slack: could not update an approval card');
    return false;
  }
}

/**
 * A request moved on (decided, expired, finished by the sweeper): its card is updated and,
 * once it is final, its requester told by a direct message, once per state (by any replica).
 */
async function publishDecision(
  rt: SlackRuntime,
  client: webApi.WebClient,
  view: ApprovalDto,
  tellRequester: boolean,
): Promise<void> {
  await updateCard(rt, client, view);
  const notice = requesterNotice(view);
  if (!tellRequester || !notice || !(await rt.firstDelivery(`approval-told:${view.id}:${view.state}`, TOLD_TTL_MS)))
    return;
  await tellPrivately(rt, client, view, notice);
}

/** A direct message to the requester's Slack user, found through their chat identity. */
async function tellPrivately(
  rt: SlackRuntime,
  client: webApi.WebClient,
  view: ApprovalDto,
  notice: Reply,
): Promise<void> {
  const [identity] = await rt.deps.orm.em
    .fork()
    .find(ChatIdentity, { user: view.requester.id, platform: 'slack' }, { orderBy: { createdAt: 'desc' }, limit: 1 });
  if (!identity) {
    rt.logger.debug(
      { approval: view.id, requester: view.requester.userId },
      'slack: the requester has no Slack identity; not told on Slack',
    );
    return;
  }
  const message = renderReply(notice, 'private');
  try {
    await client.chat.postMessage({ channel: identity.chatUserId, text: message.text, blocks: message.blocks });
  } catch (error) {
    rt.logger.warn(
      { approval: view.id, error: slackError(error) },
      'slack: could not tell the requester of an approval request',
    );
  }
}

/**
 * A decision that changed nothing (the request was decided or expired before): the card is
 * refreshed if the request is final, so nobody clicks a stale Approve again. Only for a
 * request of the clicker's own account; the requester is not told again.
 */
async function refreshCard(
  rt: SlackRuntime,
  client: webApi.WebClient,
  approvalId: string,
  actorId: string,
): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(approvalId)) return;
  const view = await getApproval(rt.deps, approvalId);
  if (!view || !FINAL_STATES.has(view.state)) return;
  const actor = await rt.deps.orm.em.fork().findOne(PortalUser, { id: actorId }, { fields: ['account'] });
  if (actor?.account.id !== view.accountId) return;
  await updateCard(rt, client, view);
}

/**
 * For the approval sweeper (`approvals.onChange` in main.ts): requests it expired, or
 * finished after a crash, get their Slack card updated and their requester told, when they
 * came from Slack or have a card there.
 */
export function approvalListener(rt: SlackRuntime, client: webApi.WebClient): ApprovalListener {
  return async (changed) => {
    for (const view of changed) {
      if (view.platform !== 'slack' && view.messageRef?.platform !== 'slack') continue;
      try {
        await publishDecision(rt, client, view, view.platform === 'slack');
      } catch (error) {
        rt.logger.warn(
          { err: error, approval: view.id },
          'slack: could not publish an approval request the sweeper changed',
        );
      }
    }
  };
}
