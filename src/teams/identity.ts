import { TeamsInfo, type TurnContext } from 'botbuilder';
import { isServiceError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { resolveChatIdentity } from '../services/identities.js';
import { BoundedCache } from './bounded-cache.js';

export interface TeamsIdentityOptions {
  /** How long a resolved portal user is remembered. */
  ttlMs: number;
  /** How long a refusal is remembered (short: an Administrator may be adding the person right now). */
  refusalTtlMs: number;
  maxEntries: number;
  /** With Bot Framework authentication: the one Microsoft 365 tenant this Switchboard serves. */
  tenantId?: string;
}

export const DEFAULT_IDENTITY_OPTIONS: TeamsIdentityOptions = {
  ttlMs: 5 * 60_000,
  refusalTtlMs: 30_000,
  maxEntries: 5_000,
};

export type IdentityOutcome = { ok: true; actor: Actor; userId: string; name: string } | { ok: false; message: string };

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

/**
 * Resolves Teams users to portal users through the email Teams has for them, and remembers
 * the answer (in memory, bounded, with a lifetime) so that a conversation costs one lookup.
 */
export class TeamsIdentities {
  private readonly cache: BoundedCache<IdentityOutcome>;
  private readonly inFlight = new Map<string, Promise<IdentityOutcome>>();
  readonly options: TeamsIdentityOptions;

  constructor(
    private readonly deps: ServiceDeps,
    options: Partial<TeamsIdentityOptions> = {},
    private readonly lookupEmail: (context: TurnContext, memberId: string) => Promise<string | undefined> = memberEmail,
  ) {
    this.options = { ...DEFAULT_IDENTITY_OPTIONS, ...options };
    this.cache = new BoundedCache(this.options.maxEntries);
  }

  async resolve(context: TurnContext): Promise<IdentityOutcome> {
    const who = teamsUser(context);
    if (!who.chatUserId)
      return { ok: false, message: 'Teams did not say who you are, so Switchboard cannot act for you.' };
    if (this.options.tenantId && who.tenantId !== this.options.tenantId) {
      return {
        ok: false,
        message: 'This Switchboard serves another Microsoft 365 organisation; it cannot act for you.',
      };
    }
    const key = `${who.tenantId}:${who.chatUserId}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.lookup(context, who).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Forgets everyone (e.g. after an Administrator disabled someone, in tests). */
  forget(): void {
    this.cache.clear();
  }

  private async lookup(context: TurnContext, who: ReturnType<typeof teamsUser>): Promise<IdentityOutcome> {
    const key = `${who.tenantId}:${who.chatUserId}`;
    const email = await this.lookupEmail(context, who.memberId);
    let outcome: IdentityOutcome;
    try {
      const user = await resolveChatIdentity(this.deps, {
        platform: 'teams',
        workspaceId: who.tenantId,
        chatUserId: who.chatUserId,
        verifiedEmail: email,
      });
      outcome = {
        ok: true,
        actor: { userId: user.id, platform: 'teams' },
        userId: user.userId,
        name: user.name || user.userId,
      };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      // An email Teams has but the schema refuses (too long, odd) is a stranger too.
      outcome = {
        ok: false,
        message:
          error.code === 'VALIDATION.INVALID'
            ? 'You are not an enabled portal user, so Switchboard cannot act for you.'
            : error.message,
      };
    }
    this.cache.set(key, outcome, outcome.ok ? this.options.ttlMs : this.options.refusalTtlMs);
    this.deps.logger.debug(
      { tenant: who.tenantId, chatUser: who.chatUserId, portalUser: outcome.ok ? outcome.userId : null },
      'teams identity resolved',
    );
    return outcome;
  }
}
