import { TurnContext, type Activity } from 'botbuilder';
import { TIMED_OUT, withDeadline } from '../chat/background.js';
import type { ReplyEffect } from '../../views/reply.js';
import { askerOf } from './approvals/deliver.js';
import { originOf, type TeamsOrigin } from './approvals/places.js';
import type { AdaptiveCard } from './cards/elements.js';
import { cardActivity, invokeResponse } from './respond.js';
import type { TeamsState } from './turn.js';

/**
 * What answering an invoke takes. The work decides; this carries it out, so that a result that
 * comes after Teams' 5 seconds is delivered the same way in a conversation continued later.
 */
export interface Plan {
  /** The invoke's answer. */
  body: unknown;
  /** Replace the clicked card's message for everyone. */
  replace?: { card: AdaptiveCard; summary: string };
  /** New messages in the conversation. */
  post?: Partial<Activity>[];
  /** When late: what to post instead of `body` (only what may be posted in this conversation). */
  late?: Partial<Activity>[];
  /** The answer when a post failed (the bot is not in this conversation): e.g. the confirmation in the dialog. */
  fallbackBody?: unknown;
  /** What the reply asks of the platform besides (an approval card to post): done after the answer. */
  effects?: ReplyEffect[];
  /** The card message `replace` brought up to date: the effects leave it alone. */
  updatedCard?: string;
}

/** Carries out a plan; false when a post failed. */
async function apply(
  env: TeamsState,
  context: TurnContext,
  plan: Plan,
  replyToId: string | undefined,
  late: boolean,
  origin: TeamsOrigin,
): Promise<boolean> {
  if (plan.effects?.length)
    env.background.later("a reply's effects", () =>
      env.effects.carryOut(plan.effects, { ...askerOf(env, origin), updatedCard: plan.updatedCard }),
    );
  if (plan.replace && replyToId) {
    try {
      await context.updateActivity({ ...cardActivity(plan.replace.card, plan.replace.summary), id: replyToId });
    } catch (error) {
      env.logger.warn({ err: error, activityId: replyToId }, 'teams: could not replace the card message');
    }
  }
  let posted = true;
  for (const activity of [...(plan.post ?? []), ...(late ? (plan.late ?? []) : [])]) {
    try {
      await context.sendActivity(activity);
    } catch (error) {
      posted = false;
      env.logger.warn({ err: error }, 'teams: could not post into the conversation');
    }
  }
  return posted;
}

/**
 * Runs an invoke's work within the budget. In time: applies the plan and answers with its body.
 * Late: answers with `lateBody` at once, and applies the plan when the work is done. The work
 * must read what it needs of `context` before its first await: the turn may be over after it.
 */
export async function answerInvoke(
  env: TeamsState,
  context: TurnContext,
  work: () => Promise<Plan>,
  lateBody: unknown,
): Promise<void> {
  // Read now: once the turn has ended its context can no longer be used.
  const replyToId = context.activity.replyToId;
  const reference = TurnContext.getConversationReference(context.activity);
  const origin = originOf(context);
  const running = work();
  const plan = await withDeadline(running, env.invokeBudgetMs);
  if (plan !== TIMED_OUT) {
    const posted = await apply(env, context, plan, replyToId, false, origin);
    await invokeResponse(context, posted ? plan.body : (plan.fallbackBody ?? plan.body));
    return;
  }
  await invokeResponse(context, lateBody);
  running
    .then((late) =>
      env.continueConversation(
        reference,
        async (later) => void (await apply(env, later, late, replyToId, true, origin)),
      ),
    )
    .catch((error: unknown) => env.logger.error({ err: error }, 'teams: a late invoke result could not be delivered'));
}
