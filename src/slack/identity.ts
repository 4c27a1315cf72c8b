import type { webApi } from '@slack/bolt';
import type { ChatUserRef } from '../chat/identity.js';
import { CachedLookup } from '../lib/cached-lookup.js';

/** A Slack user in a workspace (team). */
export interface SlackUserRef {
  teamId: string;
  userId: string;
}

export const chatRef = (ref: SlackUserRef): ChatUserRef => ({
  platform: 'slack',
  workspaceId: ref.teamId,
  chatUserId: ref.userId,
});

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
 * Slack's part of identity resolution: the verified email of a Slack user (`users.info`, needs
 * users:read.email), cached with a TTL and a bound, one call per user at a time; for the acting user
 * (through the chat identity resolver) and for mentioned people alike.
 */
export class SlackEmails {
  private readonly emails: CachedLookup<string | null>;

  constructor(ttlMs: number, maxEntries = 10_000, now?: () => number) {
    this.emails = new CachedLookup(ttlMs, maxEntries, now);
  }

  /** A cached email: a string, null (known to have none), or undefined (not cached). */
  peek(ref: SlackUserRef): string | null | undefined {
    return this.emails.peek(`${ref.teamId}:${ref.userId}`);
  }

  /**
   * A Slack user's verified email; null when Slack gives none, or does not know the user (a mention
   * of someone deleted or from elsewhere). Throws only when Slack cannot be asked (network, rate limit).
   */
  of(client: webApi.WebClient, ref: SlackUserRef): Promise<string | null> {
    return this.emails.get(`${ref.teamId}:${ref.userId}`, async () => {
      try {
        return verifiedEmailOf((await client.users.info({ user: ref.userId })).user);
      } catch (error) {
        if (!UNKNOWN_USER_ERRORS.has(slackErrorCode(error) ?? '')) throw error;
        return null;
      }
    });
  }
}
