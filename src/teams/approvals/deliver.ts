import type { Activity, TurnContext } from 'botbuilder';
import { getApproval, recordApprovalMessage, type ApprovalDto } from '../../services/approvals/index.js';
import type { ApprovalMessageRef } from '../../domain/entities/approval-request.js';
import { failure, type Reply, type ReplyEffect } from '../../../views/reply.js';
import { cardActivity, replyActivity } from '../respond.js';
import type { TeamsEnv } from '../session.js';
import { renderApprovalCard } from './card.js';
import { requesterNotice } from './notice.js';
import { cardPlace, conversationReference, requesterExtra, teamsRef, type TeamsOrigin } from './places.js';

type Channel = Extract<ReplyEffect, { kind: 'approval-requested' }>['channel'];

type Run = (logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/**
 * Runs `logic` in a conversation the bot continues or creates, and fails when it fails: left
 * alone, botbuilder would hand the error to the turn error handler and report success.
 */
async function inConversation<T>(run: Run, logic: (context: TurnContext) => Promise<T>): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await run(async (context) => {
    try {
      outcome = { ok: true, value: await logic(context) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  if (!outcome) throw new Error('botbuilder did not run the conversation');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/**
 * Posts into a conversation continued or created by the bot as a new message, not as a reply to
 * the placeholder activity botbuilder makes up for the turn (in a channel: a new post).
 */
async function post(context: TurnContext, activity: Partial<Activity>): Promise<string | null> {
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const sent of activities) delete sent.replyToId;
    return next();
  });
  return (await context.sendActivity(activity))?.id ?? null;
}

/** The card everyone in the approvals conversation sees. */
export function sharedCard(env: TeamsEnv, view: ApprovalDto) {
  return renderApprovalCard(view, { viewer: 'everyone', now: env.deps.clock.now() });
}

/** Tells the requester something privately: in their 1:1 chat with the bot, else where they asked. */
async function tellRequester(env: TeamsEnv, view: ApprovalDto, reply: Reply): Promise<void> {
  const x = teamsRef(view)?.extra ?? {};
  if (!x.requesterServiceUrl || !x.requesterConversation) return;
  const send = async (context: TurnContext, audience: 'requester' | 'everyone') =>
    void (await post(context, replyActivity(reply, audience)));
  const asked = conversationReference({
    serviceUrl: x.requesterServiceUrl,
    conversationId: x.requesterConversation,
    conversationType: x.requesterConversationType ?? 'personal',
    tenantId: x.requesterTenant ?? '',
    botId: x.requesterBot ?? '',
  });
  if ((x.requesterConversationType ?? 'personal') === 'personal') {
    await inConversation(
      (logic) => env.continueConversation(asked, logic),
      (context) => send(context, 'requester'),
    );
    return;
  }
  try {
    const chat = {
      isGroup: false,
      bot: { id: x.requesterBot ?? '', name: '' },
      members: [{ id: x.requesterUser ?? '', name: '' }],
      tenantId: x.requesterTenant,
      channelData: { tenant: { id: x.requesterTenant } },
    };
    await inConversation(
      (logic) => env.createConversation(x.requesterServiceUrl!, chat, logic),
      (context) => send(context, 'requester'),
    );
  } catch (error) {
    // No 1:1 chat with them (the app is not installed for them): the conversation they asked from.
    env.logger.warn(
      { err: error, approval: view.id },
      'teams: could not message the requester 1:1; telling them where they asked',
    );
    await inConversation(
      (logic) => env.continueConversation(asked, logic),
      (context) => send(context, 'everyone'),
    );
  }
}

/** Updates the posted card for everyone; false when there is none on Teams or the update failed. */
export async function updatePostedCard(env: TeamsEnv, view: ApprovalDto): Promise<boolean> {
  const place = cardPlace(view);
  if (!place) return false;
  const card = sharedCard(env, view);
  try {
    await inConversation(
      (logic) => env.continueConversation(place.reference, logic),
      async (context) =>
        void (await context.updateActivity({ ...cardActivity(card, String(card.fallbackText)), id: place.message })),
    );
    return true;
  } catch (error) {
    env.logger.warn(
      { err: error, approval: view.id, activityId: place.message },
      'teams: could not update the approval card',
    );
    return false;
  }
}

/** Tells the requester of a request that was decided or has expired; nothing for one still open. */
export async function notifyRequester(env: TeamsEnv, view: ApprovalDto): Promise<void> {
  const notice = requesterNotice(view);
  if (!notice) return;
  try {
    await tellRequester(env, view, notice);
  } catch (error) {
    env.logger.warn(
      { err: error, approval: view.id },
      'teams: could not tell the requester about their approval request',
    );
  }
}

/**
 * Requests that moved on elsewhere (the sweeper expired them or finished them, or a command
 * decided them): their Teams cards are updated for everyone and their requesters told.
 * Requests that are not on Teams are left alone.
 */
export async function approvalsChanged(env: TeamsEnv, views: ApprovalDto[]): Promise<void> {
  for (const view of views) {
    if (!teamsRef(view)) continue;
    await updatePostedCard(env, view);
    await notifyRequester(env, view);
  }
}

/**
 * A change from Teams is held for approval: its card goes to the approvals conversation, and
 * where it went (with how to reach the requester later) is recorded with the request.
 */
export async function postApprovalRequest(
  env: TeamsEnv,
  approvalId: string,
  channel: Channel,
  origin: TeamsOrigin,
): Promise<void> {
  const view = await getApproval(env.deps, approvalId);
  if (!view) return;
  const requester = requesterExtra(origin);
  if (!channel || channel.platform !== 'teams') {
    await recordApprovalMessage(env.deps, approvalId, {
      platform: 'teams',
      channel: '',
      message: null,
      extra: requester,
    });
    return;
  }
  const x = channel.extra;
  const ref: ApprovalMessageRef = {
    platform: 'teams',
    channel: channel.channel,
    message: null,
    extra: {
      serviceUrl: x.serviceUrl ?? '',
      tenantId: x.tenantId ?? '',
      conversationType: x.conversationType ?? 'channel',
      botId: x.botId ?? origin.botId,
      ...requester,
    },
  };
  const card = sharedCard(env, { ...view, messageRef: ref });
  const reference = conversationReference({
    serviceUrl: ref.extra!.serviceUrl!,
    conversationId: channel.channel,
    conversationType: ref.extra!.conversationType!,
    tenantId: ref.extra!.tenantId!,
    botId: ref.extra!.botId!,
  });
  try {
    ref.message = await inConversation(
      (logic) => env.continueConversation(reference, logic),
      (context) => post(context, cardActivity(card, String(card.fallbackText))),
    );
  } catch (error) {
    env.logger.warn(
      { err: error, approval: approvalId, channel: channel.channel },
      'teams: could not post the approval card to the approvals conversation',
    );
  }
  await recordApprovalMessage(env.deps, approvalId, ref);
  if (!ref.message) {
    const text = `The request could not be posted to the approvals conversation (is Switchboard still in it?). An Administrator can approve it with "approvals approve ${approvalId}", or run "approvals here" again in the approvals channel.`;
    await tellRequester(env, { ...view, messageRef: ref }, failure(text)).catch((error: unknown) =>
      env.logger.warn({ err: error }, 'teams: could not tell the requester'),
    );
  }
}

/** Carries out what a reply asks of the platform besides showing it. */
export async function deliverEffects(
  env: TeamsEnv,
  effects: ReplyEffect[] | undefined,
  origin: TeamsOrigin,
): Promise<void> {
  for (const effect of effects ?? []) {
    try {
      if (effect.kind === 'approval-requested') {
        await postApprovalRequest(env, effect.approvalId, effect.channel, origin);
      } else if (effect.kind === 'approval-decided') {
        const view = await getApproval(env.deps, effect.approvalId);
        if (view) await approvalsChanged(env, [view]);
      }
    } catch (error) {
      env.logger.error(
        { err: error, effect: effect.kind, approval: effect.approvalId },
        "teams: could not carry out a reply's effect",
      );
    }
  }
}
