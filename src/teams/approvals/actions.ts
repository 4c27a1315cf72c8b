import type { TurnContext } from 'botbuilder';
import { isFinal } from '../../../views/replies/approval-notices.js';
import { decideFromCard } from '../../chat/approval-decision.js';
import { isInAccount } from '../../services/approvals/chat-places.js';
import { getApproval, type ApprovalDto } from '../../services/approvals/index.js';
import { card, plainText } from '../cards/elements.js';
import { VERBS, type ApprovalCardState } from '../cards/verbs.js';
import { teamsUser } from '../identity.js';
import type { Plan } from '../invoke.js';
import { runLine } from '../form-flow.js';
import { cardResponse, messageResponse } from '../respond.js';
import { openTurn, type TeamsState } from '../turn.js';
import { REASON_INPUT, renderApprovalCard } from './card.js';
import { sharedCard } from './deliver.js';
import { baseConversationId, isRequesterOnTeams, teamsRef } from './places.js';

const GONE = 'This approval request no longer exists.';

/** What a click needs of its activity, read before the first await (a late answer outlives the turn). */
function clickOf(context: TurnContext) {
  const a = context.activity;
  return {
    replyToId: a.replyToId,
    conversationId: baseConversationId(a.conversation?.id ?? ''),
    who: { userId: a.from?.id ?? '', aadObjectId: a.from?.aadObjectId ?? '' },
    tenantId: teamsUser(context).tenantId,
  };
}

/** A card is answered only in the conversation it was posted to. */
function postedHere(view: ApprovalDto, conversationId: string): boolean {
  const ref = teamsRef(view);
  return !ref?.channel || baseConversationId(ref.channel) === conversationId;
}

/** What someone who is not a portal user of the request's account gets: nothing of the request. */
const NOT_FOR_YOU = card(
  [
    plainText('This approval request is for the portal users of its account; Switchboard shows it only to them.', {
      isSubtle: true,
    }),
  ],
  [],
  { fallbackText: 'An approval request' },
);

/**
 * `refresh` (and Back): the request's card as it is now, for whoever looks at it, when they are an
 * enabled portal user of the request's account; anyone else gets a card that shows nothing of it.
 */
async function refresh(env: TeamsState, context: TurnContext, state: ApprovalCardState): Promise<Plan> {
  const click = clickOf(context);
  const tenant = env.tenantId;
  if (tenant && click.tenantId !== tenant)
    return { body: messageResponse('This Switchboard serves another Microsoft 365 organisation.') };
  const turn = await openTurn(env, context);
  if (!turn.ok) return { body: cardResponse(NOT_FOR_YOU) };
  const view = await getApproval(env.deps, state.approval);
  if (!view || !postedHere(view, click.conversationId)) return { body: messageResponse(GONE) };
  if (!(await isInAccount(env.deps, turn.ctx.actor.userId, view.accountId))) return { body: cardResponse(NOT_FOR_YOU) };
  const viewer = isRequesterOnTeams(view, click.who) ? 'requester' : 'everyone';
  return { body: cardResponse(renderApprovalCard(view, { viewer, now: env.deps.clock.now() })) };
}

/** The deny step: the card asks why (again, with the problem under it, when one was given). */
async function askReason(env: TeamsState, id: string, error?: string): Promise<Plan> {
  const view = await getApproval(env.deps, id);
  if (!view) return { body: messageResponse(GONE) };
  const now = env.deps.clock.now();
  return { body: cardResponse(renderApprovalCard(view, { viewer: 'everyone', now, reason: { error } })) };
}

/**
 * Approve, or Deny with its reason, as the one who clicked (`decideFromCard`): their answer is the
 * card as the click left it (with what it did); the reply's effects update the posted card for
 * everyone and tell the requester once.
 * Refusals (their own request, not an Administrator, not a portal user) answer them alone.
 */
async function decide(
  env: TeamsState,
  context: TurnContext,
  state: ApprovalCardState,
  decision: 'approve' | 'deny',
  data: Record<string, unknown>,
): Promise<Plan> {
  const click = clickOf(context);
  const turn = await openTurn(env, context);
  if (!turn.ok) return { body: messageResponse(turn.message) };
  const reason = state.step === 'reason' ? String(data[REASON_INPUT] ?? '') : undefined;
  const decided = await decideFromCard(turn.ctx, (line) => runLine(turn.ctx, line), state.approval, decision, reason);
  if (decided.kind === 'ask-reason') return askReason(env, state.approval, decided.error);
  if (decided.kind === 'refused') return { body: messageResponse(decided.message) };
  if (decided.kind === 'gone') return { body: messageResponse(GONE) };
  const { view, reply, note, late } = decided;
  const mine = renderApprovalCard(view, { viewer: 'everyone', now: env.deps.clock.now(), note });
  const plan: Plan = { body: cardResponse(mine), effects: reply.effects };
  // A late click leaves the card to whoever is deciding it, unless the decision is final (then it mends a stale card).
  if (!late || isFinal(view)) {
    // The clicked message is replaced for everyone; the effects update the recorded one, should they differ.
    const shared = sharedCard(env, view);
    plan.replace = { card: shared, summary: String(shared.fallbackText) };
    plan.updatedCard = click.replyToId;
  }
  return plan;
}

/** Universal Actions of approval cards. */
export function approvalAction(
  env: TeamsState,
  context: TurnContext,
  verb: string,
  state: ApprovalCardState,
  data: Record<string, unknown>,
): Promise<Plan> {
  if (verb === VERBS.approvalApprove) return decide(env, context, state, 'approve', data);
  if (verb === VERBS.approvalDeny) return decide(env, context, state, 'deny', data);
  return refresh(env, context, state);
}

export const APPROVAL_VERBS: ReadonlySet<string> = new Set([
  VERBS.approvalApprove,
  VERBS.approvalDeny,
  VERBS.approvalRefresh,
]);
