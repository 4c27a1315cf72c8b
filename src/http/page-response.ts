import type { ServerResponse } from 'node:http';
import type { SafeHtml } from './html.js';

/**
 * The Content-Security-Policy of the signup and reset pages: nothing but our own stylesheet
 * and form posts to ourselves; no script at all, no inline style, no framing.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers every page carries: the links in their addresses are secrets, so no referrer and no caching. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Sends a page with the security headers, and any cookies and extra headers. */
export function sendPage(
  res: ServerResponse,
  status: number,
  body: SafeHtml,
  extra: { cookies?: string[]; headers?: Record<string, string> } = {},
): void {
  if (extra.cookies && extra.cookies.length > 0) res.setHeader('set-cookie', extra.cookies);
  res.writeHead(status, { ...PAGE_HEADERS, ...extra.headers });
  res.end(body.value);
}
