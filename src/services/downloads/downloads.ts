import { Download } from '../../domain/entities/download.js';
import { PortalUser } from '../../domain/entities/portal-user.js';
import { hashToken, looksLikeToken, newToken } from '../../domain/tokens.js';
import type { Actor, ServiceDeps } from '../context.js';

/** How long a private download link works. */
export const DOWNLOAD_TTL_MS = 30 * 60_000;

/** The path of the download links, under PUBLIC_BASE_URL. */
export const DOWNLOAD_PATH = 'downloads';

/** A file to put behind a private link. */
export interface DownloadFile {
  name: string;
  content: string;
  contentType?: string;
}

/**
 * Puts a file behind a private link for the portal user who asked for it (a Teams export): a
 * 32-byte token in the link, only its hash stored; it works for 30 minutes.
 */
export async function storeDownload(
  deps: ServiceDeps,
  actor: Actor,
  file: DownloadFile,
): Promise<{ url: string; expiresAt: Date }> {
  const em = deps.orm.em.fork();
  const owner = await em.findOneOrFail(PortalUser, { id: actor.userId }, { populate: ['account'] });
  const { token, hash } = newToken();
  const now = deps.clock.now();
  const download = Object.assign(new Download(), {
    account: owner.account,
    owner,
    tokenHash: hash,
    fileName: file.name,
    contentType: file.contentType ?? 'text/csv; charset=utf-8',
    content: file.content,
    createdAt: now,
    expiresAt: new Date(now.getTime() + DOWNLOAD_TTL_MS),
  });
  await em.persist(download).flush();
  return { url: `${deps.settings.publicBaseUrl}/${DOWNLOAD_PATH}/${token}`, expiresAt: download.expiresAt };
}

/** The file behind a link, or null when the token is unknown or its link has expired. */
export async function openDownload(
  deps: ServiceDeps,
  token: string,
): Promise<{ fileName: string; contentType: string; content: string } | null> {
  if (!looksLikeToken(token)) return null;
  const em = deps.orm.em.fork();
  const download = await em.findOne(
    Download,
    { tokenHash: hashToken(token), expiresAt: { $gt: deps.clock.now() } },
    { populate: ['content'] },
  );
  if (!download) return null;
  await em.nativeUpdate(Download, { id: download.id }, { downloads: download.downloads + 1 });
  return { fileName: download.fileName, contentType: download.contentType, content: download.content };
}

/** Deletes the files whose links have expired; returns how many. */
export function deleteExpiredDownloads(deps: ServiceDeps): Promise<number> {
  return deps.orm.em.fork().nativeDelete(Download, { expiresAt: { $lte: deps.clock.now() } });
}
