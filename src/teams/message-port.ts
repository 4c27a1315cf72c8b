import type { MessagePort } from '../chat/message-port.js';
import { inConversation, post } from './approvals/deliver.js';
import { conversationReference } from './approvals/places.js';
import { withDownloadLinks } from './files.js';
import { replyActivity } from './respond.js';
import type { TeamsState } from './turn.js';

const referenceOf = (channel: string, x: Record<string, string>) =>
  conversationReference({
    serviceUrl: x.serviceUrl ?? '',
    conversationId: channel,
    conversationType: x.conversationType ?? 'personal',
    tenantId: x.tenantId ?? '',
    botId: x.botId ?? '',
  });

/**
 * Teams' message port: a card posted proactively into a conversation (the 1:1 chat an import was
 * asked from, a review's approvals channel) and replaced with updateActivity; a reply's files
 * become private download links for `owner` first. A personal chat shows the card as the requester's.
 */
export function teamsMessagePort(env: TeamsState): MessagePort {
  const audience = (x: Record<string, string>) =>
    (x.conversationType ?? 'personal') === 'personal' ? 'requester' : 'everyone';
  return {
    async post(place, reply, owner) {
      const extra = place.extra ?? {};
      try {
        const shown = await withDownloadLinks(env.deps, owner, reply);
        const message = await inConversation(
          (logic) => env.continueConversation(referenceOf(place.channel, extra), logic),
          (context) => post(context, replyActivity(shown, audience(extra))),
        );
        return message ? { channel: place.channel, message, extra } : null;
      } catch (error) {
        env.logger.warn({ err: error }, 'teams: could not post a message');
        return null;
      }
    },
    async update(ref, reply, owner) {
      const extra = ref.extra ?? {};
      try {
        const shown = await withDownloadLinks(env.deps, owner, reply);
        await inConversation(
          (logic) => env.continueConversation(referenceOf(ref.channel, extra), logic),
          async (context) =>
            void (await context.updateActivity({ ...replyActivity(shown, audience(extra)), id: ref.message })),
        );
        return true;
      } catch (error) {
        env.logger.warn({ err: error, activityId: ref.message }, 'teams: could not update a message');
        return false;
      }
    },
  };
}
