import type { webApi } from '@slack/bolt';
import { notPortalUsersReply, tooManyMentionsReply } from '../../views/replies/mention-replies.js';
import { failure, type Reply } from '../../views/reply.js';
import { eachLimited } from '../lib/each-limited.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { portalUsersOfMentions } from '../services/identities.js';
import { slackErrorCode, type SlackEmails } from './identity.js';
import { LIMITS } from './limits.js';

/** A Slack user mentioned in a command, and the mention as the person who typed it saw it (`@jo`). */
export interface SlackMention {
  userId: string;
  shown: string;
}

const RAW_MENTION = /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g;

/** The people a command's text mentions, each once, in order (`<@U123|jo>` is shown as `@jo`). */
export function mentionsInText(text: string): SlackMention[] {
  const seen = new Map<string, SlackMention>();
  for (const [, userId, label] of text.matchAll(RAW_MENTION)) {
    if (!seen.has(userId!)) seen.set(userId!, { userId: userId!, shown: `@${label?.trim() || userId}` });
  }
  return [...seen.values()];
}

/** Refuses a command that mentions more people than one command may name (before anyone is looked up). */
export function tooManyMentions(mentions: SlackMention[]): Reply | null {
  const max = LIMITS.mentionsPerCommand;
  return mentions.length <= max ? null : tooManyMentionsReply(mentions.length, max);
}

/** Mentions as portal User IDs (by Slack user id); or why the command cannot run. */
export type MentionResolution =
  | { ok: true; userIds: Map<string, string> }
  | { ok: false; reply: Reply }
  /** Some mention's email is not cached and Slack may not be asked yet (before the acknowledgement). */
  | { ok: 'not-cached' };

/** The mentioned people's verified Slack emails: from the cache only when `client` is null. */
async function emailsOf(
  emails: SlackEmails,
  client: webApi.WebClient | null,
  teamId: string,
  mentions: SlackMention[],
) {
  const found = new Map<string, string | null>();
  let failed: { mention: SlackMention; code: string } | null = null;
  await eachLimited(mentions, 4, async (mention) => {
    const ref = { teamId, userId: mention.userId };
    if (!client) {
      const cached = emails.peek(ref);
      if (cached !== undefined) found.set(mention.userId, cached);
      return;
    }
    try {
      found.set(mention.userId, await emails.of(client, ref));
    } catch (error) {
      failed ??= { mention, code: slackErrorCode(error) ?? 'no answer' };
    }
  });
  return { emails: found, failed: failed as { mention: SlackMention; code: string } | null };
}

/**
 * Each mentioned person once: their verified Slack email (users.info, cached, one call per person
 * at a time), then the portal user of the actor's account with that email, or else the one an
 * operator linked them to. Anyone else is named back as the typist saw them.
 */
export async function resolveMentions(
  deps: ServiceDeps,
  slackEmails: SlackEmails,
  client: webApi.WebClient | null,
  actor: Actor,
  teamId: string,
  mentions: SlackMention[],
): Promise<MentionResolution> {
  if (mentions.length === 0) return { ok: true, userIds: new Map() };
  const { emails, failed } = await emailsOf(slackEmails, client, teamId, mentions);
  if (failed) {
    const why =
      `Switchboard could not look ${failed.mention.shown} up in Slack just now (${failed.code}); ` +
      'try again in a moment.';
    return { ok: false, reply: failure(why) };
  }
  if (emails.size < mentions.length) return { ok: 'not-cached' };
  const asked = mentions.map((m) => ({ chatUserId: m.userId, email: emails.get(m.userId) ?? null }));
  const found = await portalUsersOfMentions(deps, actor, { platform: 'slack', workspaceId: teamId, mentions: asked });
  const missing = mentions
    .filter((m) => !found.userIds.has(m.userId))
    .map((mention) => ({ shown: mention.shown, email: emails.get(mention.userId) ?? null }));
  return missing.length > 0
    ? { ok: false, reply: notPortalUsersReply('Slack', found.accountName, missing) }
    : { ok: true, userIds: found.userIds };
}
