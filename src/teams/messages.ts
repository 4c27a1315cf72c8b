import { ActivityTypes, type TurnContext } from 'botbuilder';
import { failure, info } from '../../views/reply.js';
import { askerOf } from './approvals/deliver.js';
import { originOf } from './approvals/places.js';
import { renderFormCard, renderFormPlaceholder } from './cards/form-card.js';
import { newFormState, runLine } from './form-flow.js';
import { cardActivity, conversationAudience, isPersonal, replyActivity } from './respond.js';
import type { TeamsRouter } from './router.js';
import { commandLine, mentionsBot, openTurn, type TeamsState } from './turn.js';

/**
 * A message to the bot is a command line, as after `/portal` in Slack: in a personal chat any
 * message, in a channel or group chat one that @mentions the bot (the mention is not part of it).
 */
async function onMessage(env: TeamsState, context: TurnContext): Promise<void> {
  if (typeof context.activity.text !== 'string') return; // e.g. a card's Action.Submit: nothing of ours
  if (!isPersonal(context) && !mentionsBot(context)) return;
  const { line, mentions } = commandLine(context);
  const turn = await openTurn(env, context, mentions);
  if (!turn.ok) {
    await context.sendActivity(replyActivity(failure(turn.message), 'everyone'));
    return;
  }
  const origin = originOf(context);
  const result = await runLine(turn.ctx, line);
  if (result.kind === 'reply') {
    await context.sendActivity(replyActivity(result.reply, conversationAudience(context)));
    if (result.reply.effects?.length) await env.effects.carryOut(result.reply.effects, askerOf(env, origin));
    return;
  }
  const state = newFormState(result.open, line, turn.requester);
  // In a personal chat the form itself; elsewhere the form goes only to its opener, by refresh.
  const card = isPersonal(context)
    ? renderFormCard(result.open, { surface: 'conversation', state })
    : renderFormPlaceholder(result.open, state, turn.name, [turn.requester]);
  await context.sendActivity(cardActivity(card, result.open.form.title));
}

const WELCOME = info('Switchboard is here', [
  {
    type: 'text',
    text: 'Send me a command, as after /portal in Slack: for example "users", "user show <user>" or "user add". In a channel, @mention me first.',
  },
  { type: 'actions', actions: [{ label: 'List the commands', command: 'help' }] },
]);

/** Messages to the bot, and the welcome when the bot is added to a conversation. */
export function registerMessages(router: TeamsRouter, env: TeamsState): void {
  router.activity(ActivityTypes.Message, (context) => onMessage(env, context));
  router.membersAdded(async (context) => {
    const added = context.activity.membersAdded ?? [];
    if (added.some((m) => m.id === context.activity.recipient?.id))
      await context.sendActivity(replyActivity(WELCOME, 'everyone'));
  });
}
