import type { webApi } from '@slack/bolt';
import type { MessagePort } from '../chat/message-port.js';
import type { Logger } from '../lib/logger.js';
import { uploadFiles } from './files.js';
import { slackErrorCode } from './identity.js';
import { renderReply } from './render-reply.js';

/**
 * Slack's message port: chat.postMessage (a user id as the channel posts into their direct messages
 * with the app) and chat.update; files of a reply are uploaded into the same conversation, so a
 * reply with files is posted only to a user's direct messages.
 */
export function slackMessagePort(client: webApi.WebClient, logger: Pick<Logger, 'warn'>): MessagePort {
  const failed = (what: string, error: unknown) =>
    logger.warn({ error: slackErrorCode(error) ?? (error as Error).message }, `slack: could not ${what}`);
  return {
    async post(place, reply) {
      const message = renderReply(reply, place.channel.startsWith('U') ? 'private' : 'public');
      try {
        const posted = await client.chat.postMessage({
          channel: place.channel,
          text: message.text,
          blocks: message.blocks,
        });
        if (!posted.ts || !posted.channel) return null;
        await uploadFiles(client, posted.channel, reply);
        return { channel: posted.channel, message: posted.ts };
      } catch (error) {
        failed('post a message', error);
        return null;
      }
    },
    async update(ref, reply) {
      const message = renderReply(reply, ref.channel.startsWith('D') ? 'private' : 'public');
      try {
        await client.chat.update({ channel: ref.channel, ts: ref.message, text: message.text, blocks: message.blocks });
        if (ref.channel.startsWith('D')) await uploadFiles(client, ref.channel, reply);
        return true;
      } catch (error) {
        failed('update a message', error);
        return false;
      }
    },
  };
}
