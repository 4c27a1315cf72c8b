import type { webApi } from '@slack/bolt';
import { isServiceError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { resolveChatIdentity } from '../services/identities.js';
import type { UserDto } from '../services/users/user-dto.js';
import { TtlCache } from './cache.js';

/** A Slack user in a workspace (team). */
export interface SlackUserRef {
  teamId: string;
  userId: string;
}

/** Who the Slack user is in the portal, or why Switchboard will not act for them. */
export type Resolution = { ok: true; actor: Actor; user: UserDto } | { ok: false; message: string };

export interface IdentityOptions {
  /** How long a resolved portal user is trusted without asking Slack again. */
  ttlMs?: number;
  /** How long a stranger's refusal is remembered (short: an admin may add them meanwhile). */
  strangerTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

const key = (ref: SlackUserRef) => `${ref.teamId}:${ref.userId}`;

/** What users.info answers for an id that is no Slack user Switchboard can see. */
const UNKNOWN_USER_ERRORS = new Set(['user_not_found', 'user_not_visible', 'users_not_found']);

/** The error code of a failed Web API call (`user_not_found`, `ratelimited`, ...), if Slack gave one. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/** What `users.info` says of a Slack user that Switchboard trusts: the verified email, if any. */
function verifiedEmailOf(user: webApi.UsersInfoResponse['user']): string | null {
  if (!user || user.deleted || user.is_bot || user.is_app_user) return null;
  const flags = user as { is_email_confirmed?: boolean };
  if (flags.is_email_confirmed === false) return null;
  return user.profile?.email?.trim() || null;
}

/**
 * The acting Slack user as a portal user: `users.info` (needs users:read.email) gives the
 * verified email, `resolveChatIdentity` the portal user. Cached in memory with a TTL and a
 * bound, one lookup in flight per user, so a second command makes no Web API call.
 * Mentioned users' emails are cached the same way.
 */
export class SlackIdentities {
  private readonly resolved: TtlCache<string, Resolution>;
  private readonly emails: TtlCache<string, string | null>;
  private readonly inFlight = new Map<string, Promise<Resolution>>();
  private readonly emailsInFlight = new Map<string, Promise<string | null>>();
  private readonly ttlMs: number;
  private readonly strangerTtlMs: number;

  constructor(
    private readonly deps: ServiceDeps,
    options: IdentityOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.strangerTtlMs = options.strangerTtlMs ?? 60_000;
    this.resolved = new TtlCache(options.maxEntries ?? 10_000, options.now);
    this.emails = new TtlCache(options.maxEntries ?? 10_000, options.now);
  }

  /** The cached resolution, without any call. */
  peek(ref: SlackUserRef): Resolution | undefined {
    return this.resolved.get(key(ref));
  }

  /** A mentioned user's cached email: a string, null (known to have none), or undefined (not cached). */
  peekEmail(ref: SlackUserRef): string | null | undefined {
    return this.emails.get(key(ref));
  }

  /** Resolves through users.info when not cached. Throws only when Slack cannot be asked. */
  async resolve(client: webApi.WebClient, ref: SlackUserRef): Promise<Resolution> {
    const cached = this.peek(ref);
    if (cached) return cached;
    const k = key(ref);
    let pending = this.inFlight.get(k);
    if (!pending) {
      pending = this.lookUp(client, ref).finally(() => this.inFlight.delete(k));
      this.inFlight.set(k, pending);
    }
    return pending;
  }

  /**
   * Without any Web API call: the cache, else the binding made when the user was last resolved
   * by email (for a form submitted after the cache entry expired). Not cached itself.
   */
  async resolveBound(ref: SlackUserRef): Promise<Resolution> {
    return (
      this.peek(ref) ??
      this.toResolution(() =>
        resolveChatIdentity(this.deps, { platform: 'slack', workspaceId: ref.teamId, chatUserId: ref.userId }),
      )
    );
  }

  /**
   * A Slack user's verified email; null when Slack gives none, or does not know the user (a
   * mention of someone deleted or from elsewhere). One users.info per user at a time, then cached.
   * Throws only when Slack cannot be asked (network, rate limit).
   */
  async emailOf(client: webApi.WebClient, ref: SlackUserRef): Promise<string | null> {
    const k = key(ref);
    const cached = this.emails.get(k);
    if (cached !== undefined) return cached;
    let pending = this.emailsInFlight.get(k);
    if (!pending) {
      pending = this.askSlack(client, ref).finally(() => this.emailsInFlight.delete(k));
      this.emailsInFlight.set(k, pending);
    }
    return pending;
  }

  /** Forgets everything (tests; an operator's relink). */
  clear(): void {
    this.resolved.clear();
    this.emails.clear();
  }

  private async askSlack(client: webApi.WebClient, ref: SlackUserRef): Promise<string | null> {
    let email: string | null;
    try {
      email = verifiedEmailOf((await client.users.info({ user: ref.userId })).user);
    } catch (error) {
      if (!UNKNOWN_USER_ERRORS.has(slackErrorCode(error) ?? '')) throw error;
      email = null;
    }
    this.emails.set(key(ref), email, this.ttlMs);
    return email;
  }

  private async lookUp(client: webApi.WebClient, ref: SlackUserRef): Promise<Resolution> {
    const email = await this.emailOf(client, ref);
    const resolution = await this.toResolution(() =>
      resolveChatIdentity(this.deps, {
        platform: 'slack',
        workspaceId: ref.teamId,
        chatUserId: ref.userId,
        ...(email ? { verifiedEmail: email } : {}),
      }),
    );
    this.resolved.set(key(ref), resolution, resolution.ok ? this.ttlMs : this.strangerTtlMs);
    return resolution;
  }

  private async toResolution(lookUp: () => Promise<UserDto>): Promise<Resolution> {
    try {
      const user = await lookUp();
      return { ok: true, user, actor: { userId: user.id, platform: 'slack' } };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      // AUTH.NOT_PORTAL_USER, AUTH.AMBIGUOUS_IDENTITY, or an email the portal would not accept.
      const message = error.code.startsWith('AUTH.')
        ? error.message
        : 'You are not an enabled portal user, so Switchboard cannot act for you; ask a portal Administrator to add or enable you with your Slack email.';
      return { ok: false, message };
    }
  }
}
