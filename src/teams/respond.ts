import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Reply } from '../../views/reply.js';
import { cardAttachment, type AdaptiveCard } from './cards/elements.js';
import { renderReplyCard, type ReplyCardOptions } from './cards/reply-card.js';

/** Answers an invoke: what the HTTP response to Teams carries. */
export async function invokeResponse(context: TurnContext, body: unknown, status = 200): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

/** `adaptiveCard/action`: the card that replaces the clicked one, for the one who clicked. */
export const cardResponse = (card: AdaptiveCard) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: card,
});

/** `adaptiveCard/action`: a short message instead; the card stays as it was. */
export const messageResponse = (text: string) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: text,
});

/** Dialogs: show this card (again) in the dialog. */
export const dialogContinue = (title: string, card: AdaptiveCard) => ({
  task: { type: 'continue', value: { title, width: 'medium', card: cardAttachment(card) } },
});

/** Dialogs: close and show a short message. */
export const dialogMessage = (text: string) => ({ task: { type: 'message', value: text } });

/** A message activity carrying a card; `summary` is what notifications show. */
export function cardActivity(card: AdaptiveCard, summary: string): Partial<Activity> {
  return { type: ActivityTypes.Message, summary, attachments: [cardAttachment(card)] };
}

export function replyActivity(reply: Reply, audience: ReplyCardOptions['audience']): Partial<Activity> {
  return cardActivity(renderReplyCard(reply, { audience }), reply.summary);
}

/** A personal chat has one person in it: what is posted there is for the requester only. */
export function isPersonal(context: TurnContext): boolean {
  const type = context.activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}

/** Who sees what is posted into this conversation. */
export function conversationAudience(context: TurnContext): ReplyCardOptions['audience'] {
  return isPersonal(context) ? 'requester' : 'everyone';
}

/** Replaces the message a card was clicked in, for everyone; false when the host has no message (Outlook). */
export async function replaceMessage(
  context: TurnContext,
  card: AdaptiveCard,
  summary: string,
  logger: { warn(obj: object, msg: string): void },
): Promise<boolean> {
  const id = context.activity.replyToId;
  if (!id) return false;
  try {
    await context.updateActivity({ ...cardActivity(card, summary), id });
    return true;
  } catch (error) {
    logger.warn({ err: error, activityId: id }, 'teams: could not replace the card message');
    return false;
  }
}
