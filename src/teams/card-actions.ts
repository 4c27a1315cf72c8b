import type { TurnContext } from 'botbuilder';
import { failure, hasSecret, info } from '../../views/reply.js';
import { card, plainText } from './cards/elements.js';
import { renderFormCard, renderFormPlaceholder } from './cards/form-card.js';
import { renderReplyCard } from './cards/reply-card.js';
import { isApprovalCardState, isFormState, mayFillIn, ONLY_REQUESTER, VERBS, type FormState } from './cards/verbs.js';
import { APPROVAL_VERBS, approvalAction } from './approvals/actions.js';
import { newFormState, reopenForm, runLine, submitFormCard } from './form-flow.js';
import { answerInvoke, type Plan } from './invoke.js';
import { cardActivity, cardResponse, isPersonal, messageResponse, replyActivity } from './respond.js';
import type { TeamsRouter } from './router.js';
import { openTurn, type TeamsState } from './turn.js';

interface ExecuteValue {
  action?: { type?: string; verb?: string; data?: Record<string, unknown> };
  trigger?: 'manual' | 'automatic';
}

const refused = (message: string): Plan => ({
  body: cardResponse(renderReplyCard(failure(message), { audience: 'requester' })),
});
const WORKING = messageResponse('Still working on it; the result will replace this card.');

/** `sb.command`: a reply action or a table's next page. Replies replace the card for the one who clicked. */
async function runCommandAction(env: TeamsState, context: TurnContext, sb: Record<string, unknown>): Promise<Plan> {
  const personal = isPersonal(context);
  const turn = await openTurn(env, context);
  if (!turn.ok) return refused(turn.message);
  const line = String(sb.command ?? '');
  const result = await runLine(turn.ctx, line);
  if (result.kind === 'reply')
    return {
      body: cardResponse(renderReplyCard(result.reply, { audience: 'requester' })),
      effects: result.reply.effects,
    };
  // A form opens as its own message; the clicked card stays as it is.
  const state = newFormState(result.open, line, turn.requester);
  const form = personal
    ? renderFormCard(result.open, { surface: 'conversation', state })
    : renderFormPlaceholder(result.open, state, turn.name, [turn.requester]);
  return {
    body: messageResponse(`Opened the form "${result.open.form.title}".`),
    post: [cardActivity(form, result.open.form.title)],
  };
}

/** `sb.form.open`: the refresh that shows the live form to the one who opened it. */
async function openFormAction(env: TeamsState, context: TurnContext, state: FormState): Promise<Plan> {
  const done = await env.completed.lookup(state.cardId);
  if (done) return { body: cardResponse(done) };
  if (!mayFillIn(state, context.activity.from?.id)) return { body: messageResponse(ONLY_REQUESTER) };
  const personal = isPersonal(context);
  const turn = await openTurn(env, context);
  if (!turn.ok) return refused(turn.message);
  const reopened = await reopenForm(turn.ctx, state);
  if (reopened.kind === 'reply')
    return { body: cardResponse(renderReplyCard(reopened.reply, { audience: 'requester' })) };
  const refreshUserIds = personal ? undefined : [turn.requester];
  return {
    body: cardResponse(
      renderFormCard(reopened.open, { surface: 'conversation', state: reopened.state, refreshUserIds }),
    ),
  };
}

/** `sb.form.submit`: invalid refreshes the card in place; valid replaces it with the confirmation. */
async function submitFormAction(
  env: TeamsState,
  context: TurnContext,
  state: FormState,
  data: Record<string, unknown>,
): Promise<Plan> {
  if (!mayFillIn(state, context.activity.from?.id)) return { body: messageResponse(ONLY_REQUESTER) };
  const personal = isPersonal(context);
  const turn = await openTurn(env, context);
  if (!turn.ok) return refused(turn.message);
  const refreshUserIds = personal ? undefined : [turn.requester];
  const outcome = await submitFormCard(turn.ctx, env.completed, state, data, {
    surface: 'conversation',
    refreshUserIds,
  });
  switch (outcome.kind) {
    case 'invalid':
      return { body: cardResponse(outcome.card) };
    case 'already':
      return { body: cardResponse(outcome.card) };
    case 'busy':
      return { body: messageResponse('This form is being submitted already.') };
    case 'gone':
      return refused(outcome.message);
    case 'done': {
      const late = hasSecret(outcome.reply) && personal ? [replyActivity(outcome.reply, 'requester')] : [];
      return {
        body: cardResponse(outcome.requesterCard),
        replace: { card: outcome.publicCard, summary: outcome.reply.summary },
        late,
        effects: outcome.reply.effects,
      };
    }
  }
}

/** `sb.form.cancel`: the form is closed for everyone; a later submission changes nothing. */
async function cancelFormAction(env: TeamsState, context: TurnContext, state: FormState): Promise<Plan> {
  if (!mayFillIn(state, context.activity.from?.id)) return { body: messageResponse(ONLY_REQUESTER) };
  const claim = await env.completed.claim(state.cardId);
  if (claim.kind === 'done' && claim.result) return { body: cardResponse(claim.result) };
  if (claim.kind !== 'claimed') return { body: messageResponse('This form is being submitted already.') };
  const closed = card([plainText('Form closed without changes.', { isSubtle: true })], [], {
    fallbackText: 'Form closed',
  });
  await env.completed.complete(state.cardId, closed);
  return { body: cardResponse(closed), replace: { card: closed, summary: 'Form closed' } };
}

async function execute(env: TeamsState, context: TurnContext): Promise<Plan> {
  const value = (context.activity.value ?? {}) as ExecuteValue;
  const data = value.action?.data ?? {};
  const sb = (data.sb ?? {}) as Record<string, unknown>;
  const verb = value.action?.verb;
  if (verb && APPROVAL_VERBS.has(verb)) {
    if (!isApprovalCardState(sb)) return refused('This approval card is damaged; see `approvals` for the request.');
    return approvalAction(env, context, verb, sb, data);
  }
  if (verb === VERBS.command && typeof sb.command === 'string') return runCommandAction(env, context, sb);
  if (isFormState(sb)) {
    if (verb === VERBS.formOpen) return openFormAction(env, context, sb);
    if (verb === VERBS.formSubmit) return submitFormAction(env, context, sb, data);
    if (verb === VERBS.formCancel) return cancelFormAction(env, context, sb);
  }
  return {
    body: cardResponse(
      renderReplyCard(info('This card is from an older version of Switchboard; run the command again.'), {
        audience: 'requester',
      }),
    ),
  };
}

/** Universal Actions (`adaptiveCard/action`) of every card Switchboard posts. */
export function registerCardActions(router: TeamsRouter, env: TeamsState): void {
  router.invoke('adaptiveCard/action', (context) => answerInvoke(env, context, () => execute(env, context), WORKING));
}
