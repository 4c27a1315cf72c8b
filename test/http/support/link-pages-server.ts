import { HttpServer } from '../../../src/http/server.js';
import { registerLinkPages, type LinkPagesOptions } from '../../../src/http/link-pages.js';
import type { TestSwitchboard } from '../../support/switchboard.js';

/** The signup and reset pages on a real HttpServer on 127.0.0.1, over the test switchboard. */
export async function startLinkPages(
  sb: TestSwitchboard,
  options: Partial<LinkPagesOptions> = {},
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const http = new HttpServer(sb.deps.logger);
  registerLinkPages(http, sb.deps, {
    portalName: 'Acme Portal',
    secureCookies: false,
    perAddress: { limit: 10_000, windowMs: 60_000 },
    perToken: { limit: 10_000, windowMs: 60_000 },
    ...options,
  });
  const port = await http.listen(0, '127.0.0.1');
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => http.close() };
}

export interface PageResponse {
  status: number;
  headers: Headers;
  body: string;
  /** `name=value` of the form cookie, when the response set one. */
  cookie: string | null;
}

async function toPage(response: Response): Promise<PageResponse> {
  const setCookie = response.headers.getSetCookie()[0] ?? null;
  return {
    status: response.status,
    headers: response.headers,
    body: await response.text(),
    cookie: setCookie ? setCookie.split(';')[0]! : null,
  };
}

export async function getPage(url: string, cookie?: string | null): Promise<PageResponse> {
  return toPage(await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' }));
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  options: { cookie?: string | null; headers?: Record<string, string> } = {},
): Promise<PageResponse> {
  return toPage(
    await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    }),
  );
}

/** The hidden CSRF field of a form page. */
export function csrfFieldOf(body: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error(`no csrf field in:\n${body}`);
  return match[1]!;
}

/**
 * Opens the form like a browser (GET, keep the cookie), then posts the two passwords with
 * the form's CSRF field.
 */
export async function submitPasswords(
  url: string,
  password: string,
  confirm = password,
  cookieJar: { cookie: string | null } = { cookie: null },
): Promise<PageResponse> {
  const form = await getPage(url, cookieJar.cookie);
  if (form.status !== 200) return form;
  cookieJar.cookie = form.cookie ?? cookieJar.cookie;
  return postForm(
    url,
    { csrf: csrfFieldOf(form.body), password, confirm },
    { cookie: cookieJar.cookie, headers: { 'sec-fetch-site': 'same-origin' } },
  );
}
