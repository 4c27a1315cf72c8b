import type { webApi } from '@slack/bolt';
import type { IncomingFile } from '../../commands/index.js';
import type { Logger } from '../lib/logger.js';
import { filesOf, type Reply } from '../../views/reply.js';
import { fileTooLarge, IMPORT_LIMITS } from '../services/imports/parse.js';
import { slackErrorCode } from './identity.js';

/**
 * A file a Slack user put in a form's file input, by its id: files.info tells its name and size,
 * and its bytes are fetched from url_private_download with the bot token (scope files:read) only
 * when read.
 */
export async function slackFile(client: webApi.WebClient, id: string): Promise<IncomingFile> {
  const info = await client.files.info({ file: id });
  const file = info.file;
  const url = file?.url_private_download;
  if (!file || !url) throw new Error(`files.info gave no download address for ${id}`);
  const name = file.name ?? file.title ?? 'file';
  if ((file.size ?? 0) > IMPORT_LIMITS.maxBytes) {
    return { name, size: file.size, read: () => Promise.reject(fileTooLarge(name)) };
  }
  return {
    name,
    size: file.size,
    async read() {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${client.token ?? ''}` },
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`Slack answered ${res.status} for the file ${name}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > IMPORT_LIMITS.maxBytes) throw fileTooLarge(name);
      return bytes;
    },
  };
}

/** Uploads a reply's files into a conversation (files.uploadV2, scope files:write), each with its note. */
export async function uploadFiles(client: webApi.WebClient, channel: string, reply: Reply): Promise<void> {
  for (const file of filesOf(reply)) {
    await client.files.uploadV2({
      channel_id: channel,
      filename: file.name,
      title: file.name,
      file: Buffer.from(file.content, 'utf8'),
      initial_comment: file.note,
    });
  }
}

/**
 * Sends the files of a reply to the Slack user privately: uploaded into their direct messages with
 * the app (conversations.open, scope im:write). Returns false when one could not be sent (logged
 * without its content).
 */
export async function sendFiles(
  client: webApi.WebClient,
  userId: string,
  reply: Reply,
  logger: Pick<Logger, 'warn'>,
): Promise<boolean> {
  if (filesOf(reply).length === 0) return true;
  try {
    const opened = await client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open gave no channel');
    await uploadFiles(client, channel, reply);
    return true;
  } catch (error) {
    logger.warn({ error: slackErrorCode(error) ?? (error as Error).message }, 'slack: could not send a file');
    return false;
  }
}
