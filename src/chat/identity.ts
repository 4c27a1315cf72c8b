import { isServiceError } from '../domain/errors.js';
import { CachedLookup } from '../lib/cached-lookup.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { resolveChatIdentity } from '../services/identities.js';
import type { UserDto } from '../services/users/user-dto.js';

/** A chat user: the platform, the workspace (Slack team, Teams tenant) and the user's id there. */
export interface ChatUserRef {
  platform: 'slack' | 'teams';
  workspaceId: string;
  chatUserId: string;
}

/** Who the chat user is in the portal, or why Switchboard will not act for them. */
export type Resolution = { ok: true; actor: Actor; user: UserDto } | { ok: false; message: string };

export interface IdentityOptions {
  /** How long a resolved portal user is trusted without asking the platform again. */
  ttlMs?: number;
  /** How long a stranger's refusal is remembered (short: an Administrator may add them meanwhile). */
  strangerTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_IDENTITY_TTL_MS = 5 * 60_000;
export const STRANGER_TTL_MS = 30_000;

/** The one refusal of someone who is no enabled portal user, whatever the platform. */
export const NOT_A_PORTAL_USER =
  'You are not an enabled portal user, so Switchboard cannot act for you; ' +
  'ask a portal Administrator to add or enable you with this email.';

const keyOf = (ref: ChatUserRef) => `${ref.platform}:${ref.workspaceId}:${ref.chatUserId}`;

/**
 * Chat users as portal users, for every platform: the platform supplies only the verified email of
 * its user (`users.info` on Slack, the member lookup on Teams), `resolveChatIdentity` the portal user.
 * Cached in memory with a TTL and a bound, one lookup in flight per user; strangers are remembered
 * for a short while only, and refused with the same words everywhere.
 */
export class IdentityResolver {
  private readonly resolved: CachedLookup<Resolution>;
  readonly ttlMs: number;
  readonly strangerTtlMs: number;

  constructor(
    private readonly deps: ServiceDeps,
    options: IdentityOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_IDENTITY_TTL_MS;
    this.strangerTtlMs = options.strangerTtlMs ?? STRANGER_TTL_MS;
    this.resolved = new CachedLookup(
      (resolution) => (resolution.ok ? this.ttlMs : this.strangerTtlMs),
      options.maxEntries ?? 10_000,
      options.now,
    );
  }

  /** The cached resolution, without any call. */
  peek(ref: ChatUserRef): Resolution | undefined {
    return this.resolved.peek(keyOf(ref));
  }

  /** Resolves through the platform's verified email when not cached. Throws only when the platform cannot be asked. */
  async resolve(ref: ChatUserRef, verifiedEmail: () => Promise<string | null | undefined>): Promise<Resolution> {
    return this.resolved.get(keyOf(ref), () => this.lookUp(ref, verifiedEmail));
  }

  /**
   * Without asking the platform: the cache, else the binding made when the user was last resolved
   * by email (for a form submitted after the cache entry expired). Not cached itself.
   */
  async resolveBound(ref: ChatUserRef): Promise<Resolution> {
    return this.peek(ref) ?? this.toResolution(ref, null);
  }

  private async lookUp(ref: ChatUserRef, verifiedEmail: () => Promise<string | null | undefined>) {
    const resolution = await this.toResolution(ref, (await verifiedEmail()) ?? null);
    this.deps.logger.debug(
      { platform: ref.platform, chatUser: ref.chatUserId, portalUser: resolution.ok ? resolution.user.userId : null },
      'chat identity resolved',
    );
    return resolution;
  }

  private async toResolution(ref: ChatUserRef, email: string | null): Promise<Resolution> {
    try {
      const user = await resolveChatIdentity(this.deps, { ...ref, ...(email ? { verifiedEmail: email } : {}) });
      return { ok: true, user, actor: { userId: user.id, platform: ref.platform } };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      // AUTH.AMBIGUOUS_IDENTITY says what to do; anything else (an email the portal would not take) is a stranger.
      return { ok: false, message: error.code === 'AUTH.AMBIGUOUS_IDENTITY' ? error.message : NOT_A_PORTAL_USER };
    }
  }
}
