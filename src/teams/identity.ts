import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Resolution } from '../chat/identity.js';
import type { TeamsState } from './turn.js';

/**
 * The Teams user behind an activity: tenant; `chatUserId`, the AAD object id (the channel user id
 * when there is none), which identities are bound to; `memberId`, the channel user id (`from.id`,
 * `29:...`), which the Bot Connector's member lookup takes: Teams accepts it as well as the AAD
 * object id, Microsoft's local tools (Agents Playground) only it; and the display name.
 */
export function teamsUser(context: TurnContext): {
  tenantId: string;
  chatUserId: string;
  memberId: string;
  name: string;
} {
  const a = context.activity;
  const tenantId =
    (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId ?? 'local';
  const chatUserId = a.from?.aadObjectId || a.from?.id || '';
  return { tenantId, chatUserId, memberId: a.from?.id || chatUserId, name: a.from?.name ?? 'Someone' };
}

/** The email Teams has for a member (Connector `GET /v3/conversations/{id}/members/{member}`). */
export async function memberEmail(context: TurnContext, memberId: string): Promise<string | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, memberId);
    return member.email?.trim() || undefined;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404 || status === 403) return undefined;
    throw error;
  }
}

export const OTHER_TENANT = 'This Switchboard serves another Microsoft 365 organisation; it cannot act for you.';

/** The Teams user behind a turn as a portal user (the chat identity resolver, fed with the member's email). */
export async function resolveTeamsUser(state: TeamsState, context: TurnContext): Promise<Resolution> {
  const who = teamsUser(context);
  if (!who.chatUserId)
    return { ok: false, message: 'Teams did not say who you are, so Switchboard cannot act for you.' };
  if (state.tenantId && who.tenantId !== state.tenantId) return { ok: false, message: OTHER_TENANT };
  const ref = { platform: 'teams' as const, workspaceId: who.tenantId, chatUserId: who.chatUserId };
  return state.identities.resolve(ref, () => memberEmail(context, who.memberId));
}
