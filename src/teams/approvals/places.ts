import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ApprovalDto } from '../../services/approvals/index.js';

/**
 * Where a turn happened and who took it, read from the activity at once (a turn's context is
 * gone after it ends): enough to post there, or to the person, later.
 */
export interface TeamsOrigin {
  serviceUrl: string;
  tenantId: string;
  /** The conversation without a channel thread's `;messageid=` suffix. */
  conversationId: string;
  /** The conversation as the activity named it: in a channel, the thread the person wrote in. */
  thread: string;
  conversationType: string;
  botId: string;
  /** The person's Teams id (`29:...`), as a 1:1 conversation is created with. */
  userId: string;
  aadObjectId: string;
}

/** A channel thread's conversation id names the channel and the thread's first message; the channel is before `;messageid=`. */
export function baseConversationId(id: string): string {
  return id.split(';messageid=')[0] ?? id;
}

export function originOf(context: TurnContext): TeamsOrigin {
  const a = context.activity;
  const tenantId =
    (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId ?? '';
  return {
    serviceUrl: a.serviceUrl ?? '',
    tenantId,
    conversationId: baseConversationId(a.conversation?.id ?? ''),
    thread: a.conversation?.id ?? '',
    conversationType: a.conversation?.conversationType ?? 'personal',
    botId: a.recipient?.id ?? '',
    userId: a.from?.id ?? '',
    aadObjectId: a.from?.aadObjectId ?? '',
  };
}

/** What `approvals here` stores with the approvals conversation: how to post there later. */
export function approvalsChannelExtra(origin: TeamsOrigin): Record<string, string> {
  return {
    serviceUrl: origin.serviceUrl,
    tenantId: origin.tenantId,
    conversationType: origin.conversationType,
    botId: origin.botId,
  };
}

/** Kept in a request's message reference: how to tell the requester privately. */
export function requesterExtra(origin: TeamsOrigin): Record<string, string> {
  return {
    requesterUser: origin.userId,
    requesterAad: origin.aadObjectId,
    requesterConversation: origin.thread,
    requesterConversationType: origin.conversationType,
    requesterServiceUrl: origin.serviceUrl,
    requesterTenant: origin.tenantId,
    requesterBot: origin.botId,
  };
}

/** A conversation to post into proactively. */
export function conversationReference(at: {
  serviceUrl: string;
  conversationId: string;
  conversationType: string;
  tenantId: string;
  botId: string;
}): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: at.serviceUrl,
    conversation: {
      id: at.conversationId,
      conversationType: at.conversationType,
      tenantId: at.tenantId,
      isGroup: at.conversationType !== 'personal',
      name: '',
    },
    ...(at.botId ? { bot: { id: at.botId, name: '' } } : {}),
  };
}

/** The Teams message reference of a request, if its card (or its requester) is on Teams. */
export function teamsRef(
  view: ApprovalDto,
): (NonNullable<ApprovalDto['messageRef']> & { extra: Record<string, string> }) | null {
  const ref = view.messageRef;
  return ref && ref.platform === 'teams' ? { ...ref, extra: ref.extra ?? {} } : null;
}

/** The conversation the request's card was posted to, with how to reach it. */
export function cardPlace(view: ApprovalDto) {
  const ref = teamsRef(view);
  if (!ref?.channel || !ref.message || !ref.extra.serviceUrl) return null;
  return {
    message: ref.message,
    reference: conversationReference({
      serviceUrl: ref.extra.serviceUrl,
      conversationId: ref.channel,
      conversationType: ref.extra.conversationType ?? 'channel',
      tenantId: ref.extra.tenantId ?? '',
      botId: ref.extra.botId ?? '',
    }),
  };
}

/** Whether the one who sees a card is the request's requester (by Teams id or AAD object id). */
export function isRequesterOnTeams(view: ApprovalDto, who: { userId: string; aadObjectId: string }): boolean {
  const extra = teamsRef(view)?.extra ?? {};
  return (
    (Boolean(extra.requesterUser) && extra.requesterUser === who.userId) ||
    (Boolean(extra.requesterAad) && extra.requesterAad === who.aadObjectId)
  );
}
