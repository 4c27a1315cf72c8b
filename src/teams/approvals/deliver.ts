import type { Activity, TurnContext } from 'botbuilder';
import type { ChatPort, EffectsAsker } from '../../chat/approval-effects.js';
import type { ApprovalDto } from '../../services/approvals/index.js';
import { privatePlaceOf } from '../../services/approvals/chat-places.js';
import type { Reply } from '../../../views/reply.js';
import { cardActivity, replyActivity } from '../respond.js';
import type { TeamsState } from '../turn.js';
import { renderApprovalCard } from './card.js';
import {
  cardPlace,
  conversationReference,
  requesterExtra as requesterExtraOf,
  teamsRef,
  type TeamsOrigin,
} from './places.js';

type Run = (logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/**
 * Runs `logic` in a conversation the bot continues or creates, and fails when it fails: left
 * alone, botbuilder would hand the error to the turn error handler and report success.
 */
export async function inConversation<T>(run: Run, logic: (context: TurnContext) => Promise<T>): Promise<T> {
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
export async function post(context: TurnContext, activity: Partial<Activity>): Promise<string | null> {
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const sent of activities) delete sent.replyToId;
    return next();
  });
  return (await context.sendActivity(activity))?.id ?? null;
}

/** The card everyone in the approvals conversation sees. */
export function sharedCard(env: TeamsState, view: ApprovalDto) {
  return renderApprovalCard(view, { viewer: 'everyone', now: env.deps.clock.now() });
}

/** Runs `logic` in the bot's 1:1 chat with a Teams user, opened (or found) through `serviceUrl`. */
async function inOneToOne(
  env: TeamsState,
  serviceUrl: string,
  to: { botId: string; userId: string; tenantId: string | undefined },
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const chat = {
    isGroup: false,
    bot: { id: to.botId, name: '' },
    members: [{ id: to.userId, name: '' }],
    tenantId: to.tenantId,
    channelData: { tenant: { id: to.tenantId } },
  };
  await inConversation((run) => env.createConversation(serviceUrl, chat, run), logic);
}

/**
 * Tells a requester something privately (from the extras kept with a request): in their 1:1 chat,
 * else where they asked.
 */
export async function tellRequesterAt(env: TeamsState, x: Record<string, string>, reply: Reply): Promise<void> {
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
  const inAsked = (audience: 'requester' | 'everyone') =>
    inConversation(
      (logic) => env.continueConversation(asked, logic),
      (context) => send(context, audience),
    );
  if ((x.requesterConversationType ?? 'personal') === 'personal') return inAsked('requester');
  try {
    const to = { botId: x.requesterBot ?? '', userId: x.requesterUser ?? '', tenantId: x.requesterTenant };
    await inOneToOne(env, x.requesterServiceUrl, to, (context) => send(context, 'requester'));
  } catch (error) {
    // No 1:1 chat with them (the app is not installed for them): the conversation they asked from.
    env.logger.warn({ err: error }, 'teams: could not message the requester 1:1; telling them where they asked');
    await inAsked('everyone');
  }
}

/**
 * Tells a portal user something in a 1:1 chat the bot opens with them: their Teams identity (tenant,
 * AAD object id), reached through the service address and bot of the account's Teams approvals
 * channel. False when they have no Teams identity, there is no such channel, or Teams refused.
 */
export async function tellPortalUser(env: TeamsState, portalUserId: string, reply: Reply): Promise<boolean> {
  const place = await privatePlaceOf(env.deps, portalUserId, 'teams');
  const serviceUrl = place?.extra.serviceUrl;
  if (!place || !serviceUrl) return false;
  const to = { botId: place.extra.botId ?? '', userId: place.chatUserId, tenantId: place.workspaceId };
  try {
    await inOneToOne(
      env,
      serviceUrl,
      to,
      async (context) => void (await post(context, replyActivity(reply, 'requester'))),
    );
    return true;
  } catch (error) {
    env.logger.warn({ err: error, user: portalUserId }, 'teams: could not message a portal user 1:1');
    return false;
  }
}

/** Updates the posted card for everyone; false when there is none on Teams or the update failed. */
export async function updatePostedCard(env: TeamsState, view: ApprovalDto): Promise<boolean> {
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
    const where = { err: error, approval: view.id, activityId: place.message };
    env.logger.warn(where, 'teams: could not update the approval card');
    return false;
  }
}

/** Replies to the posted card (in a channel: in its thread), for everyone; false when there is none or it failed. */
export async function replyToCard(env: TeamsState, view: ApprovalDto, reply: Reply): Promise<boolean> {
  const place = cardPlace(view);
  if (!place) return false;
  const { conversation } = place.reference;
  if (!conversation) return false;
  const thread = {
    ...place.reference,
    conversation: { ...conversation, id: `${conversation.id};messageid=${place.message}` },
  };
  try {
    await inConversation(
      (logic) => env.continueConversation(thread, logic),
      async (context) => void (await context.sendActivity(replyActivity(reply, 'everyone'))),
    );
    return true;
  } catch (error) {
    env.logger.warn({ err: error, approval: view.id }, 'teams: could not remind the approvers');
    return false;
  }
}

/** Teams' side of the approval effects: cards posted and updated in conversations, the requester told 1:1. */
export function teamsPort(env: TeamsState): ChatPort {
  return {
    async postCard(view, to) {
      const x = to.extra;
      const extra = {
        serviceUrl: x.serviceUrl ?? '',
        tenantId: x.tenantId ?? '',
        conversationType: x.conversationType ?? 'channel',
        botId: x.botId || x.requesterBot || '',
      };
      const ref = { platform: 'teams', channel: to.channel, message: null, extra: { ...x, ...extra } };
      const card = sharedCard(env, { ...view, messageRef: ref });
      const reference = conversationReference({ ...extra, conversationId: to.channel });
      try {
        const message = await inConversation(
          (logic) => env.continueConversation(reference, logic),
          (context) => post(context, cardActivity(card, String(card.fallbackText))),
        );
        if (!message) return { ok: false, why: 'no activity id' };
        return { ok: true, posted: { channel: to.channel, message, extra } };
      } catch (error) {
        env.logger.warn({ err: error, approval: view.id }, 'teams: could not post the approval card');
        const failed = error as { code?: string; statusCode?: number };
        return { ok: false, why: failed.code ?? String(failed.statusCode ?? 'no answer') };
      }
    },
    updateCard: (view) => updatePostedCard(env, view),
    remind: (view, reply) => replyToCard(env, view, reply),
    tellRequester: (view, reply) => tellRequesterAt(env, teamsRef(view)?.extra ?? {}, reply),
    tellUser: (portalUserId, reply) => tellPortalUser(env, portalUserId, reply),
  };
}

/** The one a turn answered, for the effects of its reply: reached later through the turn's origin. */
export function askerOf(env: TeamsState, origin: TeamsOrigin): EffectsAsker {
  const requesterExtra = requesterExtraOf(origin);
  return { requesterExtra, tell: (reply) => tellRequesterAt(env, requesterExtra, reply) };
}
