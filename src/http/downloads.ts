import type { ServiceDeps } from '../services/context.js';
import { DOWNLOAD_PATH, openDownload } from '../services/downloads/downloads.js';
import type { HttpServer } from './server.js';

/** A file name as a Content-Disposition gives it: plain ASCII, and the exact name encoded (RFC 6266). */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `GET /downloads/<token>`: the file behind a private link (a Teams user's export), as an
 * attachment, never cached and never shown inline; an unknown or expired link is a plain 404 that
 * says which, without telling the two apart.
 */
export function registerDownloads(http: HttpServer, deps: ServiceDeps): void {
  http.route('GET', `/${DOWNLOAD_PATH}/:token`, async (_req, res, params) => {
    const file = await openDownload(deps, params.token ?? '');
    const headers = {
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    };
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end('This download link is unknown or has expired (links work for 30 minutes). Export the file again.\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': file.contentType,
      'content-disposition': disposition(file.fileName),
    });
    res.end(file.content);
  });
}
