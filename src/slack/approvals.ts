import type { webApi } from '@slack/bolt';
import type { ChatPort } from '../chat/approval-effects.js';
import { chatUserOf } from '../services/approvals/chat-places.js';
import { renderApprovalCard } from './approval-card.js';
import { slackErrorCode } from './identity.js';
import { renderReply } from './render-reply.js';
import type { SlackState } from './state.js';
import type { Reply } from '../../views/reply.js';

const slackError = (error: unknown) => slackErrorCode(error) ?? (error as Error).message;

/** Slack's side of the approval effects: chat.postMessage, chat.update and a direct message to the requester. */
export function slackPort(rt: SlackState, client: webApi.WebClient): ChatPort {
  /** A private notice in a portal user's direct messages with the app; the caller logs what went wrong. */
  const directMessage = async (
    portalUserId: string,
    notice: Reply,
  ): Promise<'sent' | 'no identity' | { failed: unknown }> => {
    const identity = await chatUserOf(rt.deps, portalUserId, 'slack');
    if (!identity) return 'no identity';
    const message = renderReply(notice, 'private');
    try {
      await client.chat.postMessage({ channel: identity.chatUserId, text: message.text, blocks: message.blocks });
      return 'sent';
    } catch (error) {
      return { failed: error };
    }
  };
  return {
    async postCard(view, to) {
      const card = renderApprovalCard(view);
      try {
        const message = { channel: to.channel, text: card.text, blocks: card.blocks };
        const posted = await client.chat.postMessage({ ...message, unfurl_links: false, unfurl_media: false });
        if (!posted.ts) return { ok: false, why: 'no message ts' };
        return { ok: true, posted: { channel: posted.channel ?? to.channel, message: posted.ts } };
      } catch (error) {
        return { ok: false, why: slackError(error) };
      }
    },
    async updateCard(view) {
      const ref = view.messageRef;
      if (!ref || ref.platform !== 'slack' || !ref.message) return false;
      const card = renderApprovalCard(view);
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.message, text: card.text, blocks: card.blocks });
        return true;
      } catch (error) {
        rt.logger.warn({ approval: view.id, error: slackError(error) }, 'slack: could not update an approval card');
        return false;
      }
    },
    async remind(view, notice) {
      const ref = view.messageRef;
      if (!ref || ref.platform !== 'slack' || !ref.message) return false;
      const message = renderReply(notice, 'public');
      try {
        await client.chat.postMessage({
          channel: ref.channel,
          thread_ts: ref.message,
          text: message.text,
          blocks: message.blocks,
        });
        return true;
      } catch (error) {
        rt.logger.warn({ approval: view.id, error: slackError(error) }, 'slack: could not remind the approvers');
        return false;
      }
    },
    async tellUser(portalUserId, notice) {
      const told = await directMessage(portalUserId, notice);
      if (typeof told === 'object')
        rt.logger.warn({ user: portalUserId, error: slackError(told.failed) }, 'slack: could not tell a portal user');
      return told === 'sent';
    },
    async tellRequester(view, notice) {
      const told = await directMessage(view.requester.id, notice);
      if (told === 'no identity')
        rt.logger.debug({ approval: view.id }, 'slack: the requester has no Slack identity; not told on Slack');
      else if (typeof told === 'object')
        rt.logger.warn({ approval: view.id, error: slackError(told.failed) }, 'slack: could not tell the requester');
    },
  };
}
