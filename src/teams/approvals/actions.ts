import type { TurnContext } from 'botbuilder';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { isServiceError } from '../../domain/errors.js';
import type { Actor } from '../../services/context.js';
import { decideApproval, getApproval, type ApprovalDto, type DecisionOutcome } from '../../services/approvals/index.js';
import { card, plainText } from '../cards/elements.js';
import { VERBS, type ApprovalCardState } from '../cards/verbs.js';
import { teamsUser } from '../identity.js';
import type { Plan } from '../invoke.js';
import { cardResponse, messageResponse } from '../respond.js';
import { openSession, type TeamsEnv } from '../session.js';
import { isFinal, REASON_INPUT, renderApprovalCard } from './card.js';
import { notifyRequester, sharedCard, updatePostedCard } from './deliver.js';
import { alreadyDecidedNote, deciderNote } from './notice.js';
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

/** Whether the portal user acting is one of the account's (an enabled one: the session only resolves those). */
async function inAccount(env: TeamsEnv, actor: Actor, accountId: string): Promise<boolean> {
  const user = await env.deps.orm.em.fork().findOne(PortalUser, { id: actor.userId }, { fields: ['account'] });
  return user?.account.id === accountId;
}

/**
 * `refresh` (and Back): the request's card as it is now, for whoever looks at it, when they are an
 * enabled portal user of the request's account; anyone else gets a card that shows nothing of it.
 */
async function refresh(env: TeamsEnv, context: TurnContext, state: ApprovalCardState): Promise<Plan> {
  const click = clickOf(context);
  const tenant = env.identities.options.tenantId;
  if (tenant && click.tenantId !== tenant)
    return { body: messageResponse('This Switchboard serves another Microsoft 365 organisation.') };
  const session = await openSession(env, context);
  if (!session.ok) return { body: cardResponse(NOT_FOR_YOU) };
  const view = await getApproval(env.deps, state.approval);
  if (!view || !postedHere(view, click.conversationId)) return { body: messageResponse(GONE) };
  if (!(await inAccount(env, session.ctx.actor, view.accountId))) return { body: cardResponse(NOT_FOR_YOU) };
  const viewer = isRequesterOnTeams(view, click.who) ? 'requester' : 'everyone';
  return { body: cardResponse(renderApprovalCard(view, { viewer, now: env.deps.clock.now() })) };
}

/**
 * Approve, or Deny with its reason, as the one who clicked: their answer is the card as the
 * click left it (with what it did), the posted card is updated for everyone, and the requester
 * is told once their request is decided. Refusals (their own request, not an Administrator,
 * not a portal user) answer them alone and change nothing.
 */
async function decide(
  env: TeamsEnv,
  context: TurnContext,
  state: ApprovalCardState,
  decision: 'approve' | 'deny',
  data: Record<string, unknown>,
): Promise<Plan> {
  const click = clickOf(context);
  const asked = decision === 'deny' && state.step === 'reason';
  const reason = asked ? String(data[REASON_INPUT] ?? '').trim() : '';
  const session = await openSession(env, context);
  if (!session.ok) return { body: messageResponse(session.message) };
  let outcome: DecisionOutcome;
  try {
    outcome = await decideApproval(env.deps, session.ctx.actor, {
      request: state.approval,
      decision,
      ...(reason ? { reason } : {}),
    });
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const problem = error.fields.find((f) => f.field === 'reason');
    if (decision === 'deny' && problem) {
      // Everything but the reason is in order: ask for it (again, with the problem, if it was given).
      const view = await getApproval(env.deps, state.approval);
      if (!view) return { body: messageResponse(GONE) };
      return {
        body: cardResponse(
          renderApprovalCard(view, {
            viewer: 'everyone',
            now: env.deps.clock.now(),
            reason: { error: asked ? problem.message : undefined },
          }),
        ),
      };
    }
    return { body: messageResponse(error.message) };
  }
  const view = outcome.approval;
  const note =
    outcome.kind === 'decided' ? deciderNote(view) : { text: alreadyDecidedNote(view), tone: 'error' as const };
  const mine = renderApprovalCard(view, { viewer: 'everyone', now: env.deps.clock.now(), note });
  const shared = sharedCard(env, view);
  const plan: Plan = { body: cardResponse(mine) };
  // A late click leaves the card to whoever is deciding it, unless the decision is final (then it mends a stale card).
  if (outcome.kind !== 'already-decided' || isFinal(view)) {
    // The clicked message is replaced for everyone; the recorded one too, should they differ.
    plan.replace = { card: shared, summary: String(shared.fallbackText) };
    const recorded = teamsRef(view)?.message;
    if (recorded && recorded !== click.replyToId) await updatePostedCard(env, view);
  }
  if (outcome.kind !== 'already-decided') env.track(notifyRequester(env, view), 'telling the requester');
  return plan;
}

/** Universal Actions of approval cards. */
export function approvalAction(
  env: TeamsEnv,
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
