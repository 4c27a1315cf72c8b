import type { webApi } from '@slack/bolt';
import { request } from 'undici';
import type { Logger } from '../lib/logger.js';
import type { Reply } from '../../views/reply.js';
import { slackErrorCode } from './identity.js';
import { audienceOf, renderReply, type SlackMessage } from './render-reply.js';

/** Where a reply to a Slack user can go: the response_url of what they did, the channel, their DM. */
export interface Destination {
  userId: string;
  channelId?: string;
  responseUrl?: string;
}

/** The body of a slash-command acknowledgement or response_url post for a reply. */
export function commandResponse(reply: Reply): SlackMessage & { response_type: 'ephemeral' | 'in_channel' } {
  const audience = audienceOf(reply);
  return { response_type: audience === 'public' ? 'in_channel' : 'ephemeral', ...renderReply(reply, audience) };
}

/**
 * A post to a response_url, with undici's `request` rather than `fetch`: the same client and
 * kept-alive connections at about a third of the CPU (fetch's web streams and Response cost more
 * than the post itself; a confirmation goes this way after every submitted form).
 */
async function postToResponseUrl(url: string, body: object): Promise<boolean> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  await res.body.dump().catch(() => undefined);
  return res.statusCode >= 200 && res.statusCode < 300;
}

/**
 * Delivers a reply after the acknowledgement. Private replies (every reply with a secret)
 * go only where the requester alone sees them: the response_url as ephemeral, else
 * chat.postEphemeral in the channel, else a direct message from the app. Returns how it went.
 */
export async function deliverReply(
  client: webApi.WebClient,
  to: Destination,
  reply: Reply,
  logger: Logger,
): Promise<'response_url' | 'ephemeral' | 'dm' | 'channel' | 'failed'> {
  const message = commandResponse(reply);
  const attempts: [name: 'response_url' | 'ephemeral' | 'dm' | 'channel', run: () => Promise<boolean>][] = [];
  if (to.responseUrl)
    attempts.push(['response_url', () => postToResponseUrl(to.responseUrl!, { ...message, replace_original: false })]);
  if (message.response_type === 'in_channel') {
    if (to.channelId)
      attempts.push([
        'channel',
        async () =>
          (await client.chat.postMessage({ channel: to.channelId!, text: message.text, blocks: message.blocks })).ok ===
          true,
      ]);
  } else {
    if (to.channelId)
      attempts.push([
        'ephemeral',
        async () =>
          (
            await client.chat.postEphemeral({
              channel: to.channelId!,
              user: to.userId,
              text: message.text,
              blocks: message.blocks,
            })
          ).ok === true,
      ]);
    attempts.push([
      'dm',
      async () =>
        (await client.chat.postMessage({ channel: to.userId, text: message.text, blocks: message.blocks })).ok === true,
    ]);
  }
  for (const [name, run] of attempts) {
    try {
      if (await run()) return name;
      logger.warn({ via: name }, 'slack: could not deliver a reply this way; trying the next');
    } catch (error) {
      // The error of a Web API call names the method and Slack's error code, never the message body.
      logger.warn(
        { via: name, error: slackErrorCode(error) ?? (error as Error).message },
        'slack: could not deliver a reply this way; trying the next',
      );
    }
  }
  logger.error({ user: to.userId }, 'slack: a reply could not be delivered');
  return 'failed';
}
