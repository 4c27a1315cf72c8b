import type { TurnContext } from 'botbuilder';
import type { IncomingFile } from '../../commands/index.js';
import { ServiceError } from '../domain/errors.js';
import type { Actor, ServiceDeps } from '../services/context.js';
import { storeDownload } from '../services/downloads/downloads.js';
import { fileTooLarge, IMPORT_LIMITS } from '../services/imports/parse.js';
import { filesOf, type Reply } from '../../views/reply.js';

/** What Teams sends for a file attached in a personal chat (bots[].supportsFiles). */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

interface Attachment {
  contentType?: string;
  contentUrl?: string;
  name?: string;
  content?: { downloadUrl?: string; fileType?: string };
}

/** Where an attachment's bytes are: Teams' pre-authorised download URL, or a plain file's contentUrl. */
function downloadUrlOf(a: Attachment): string | undefined {
  if (a.contentType === FILE_DOWNLOAD_INFO) return a.content?.downloadUrl;
  if (a.contentUrl && (a.contentType === 'text/csv' || /\.csv$/i.test(a.name ?? ''))) return a.contentUrl;
  return undefined;
}

/**
 * The files attached to a message (a CSV for `users import` in a 1:1 chat), read only when asked:
 * https only (or loopback, the local Agents Playground), at most 10 MB.
 */
export function attachedFiles(context: TurnContext): IncomingFile[] {
  const attachments = (context.activity.attachments ?? []) as Attachment[];
  return attachments.flatMap((a) => {
    const url = downloadUrlOf(a);
    if (!url) return [];
    const name = a.name ?? 'attachment.csv';
    return [{ name, read: () => download(url, name) }];
  });
}

async function download(url: string, name: string): Promise<Buffer> {
  const parsed = new URL(url);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !loopback)
    throw ServiceError.field(
      'VALIDATION.INVALID',
      'file',
      `${name} did not come from Teams over https; attach it again.`,
    );
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok)
    throw ServiceError.field(
      'VALIDATION.INVALID',
      'file',
      `Teams would not give ${name} (${res.status}); attach it again.`,
    );
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > IMPORT_LIMITS.maxBytes) throw fileTooLarge(name);
  return bytes;
}

/**
 * A reply whose files are put behind private download links (Teams takes no file in a card):
 * each file block gets its `url`. A file that could not be stored keeps no url, and the card says so.
 */
export async function withDownloadLinks(deps: ServiceDeps, actor: Actor, reply: Reply): Promise<Reply> {
  if (filesOf(reply).length === 0) return reply;
  const blocks = await Promise.all(
    reply.blocks.map(async (block) => {
      if (block.type !== 'file') return block;
      try {
        const { url } = await storeDownload(deps, actor, { name: block.name, content: block.content });
        return { ...block, url };
      } catch (error) {
        deps.logger.warn({ err: error }, 'teams: could not store a file for download');
        return block;
      }
    }),
  );
  return { ...reply, blocks };
}
