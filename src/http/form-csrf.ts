import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hashToken } from '../domain/tokens.js';

/**
 * CSRF protection for the signup and reset forms, without server-side state, so that any
 * Switchboard process can check a form another one served: a signed double submit.
 *
 * The GET sets a random nonce in a cookie (HttpOnly, SameSite=Strict; `__Host-` and Secure
 * when PUBLIC_BASE_URL is https) and puts HMAC(nonce, link) in a hidden field. The POST must
 * carry both, and they must match for this very link. A cross-site page cannot read or set the
 * cookie, and a field made for one link does not fit another. Browsers that send Fetch
 * Metadata are also refused when the post does not come from our own page.
 */
export class FormCsrf {
  readonly cookieName: string;

  constructor(private readonly secure: boolean) {
    this.cookieName = secure ? '__Host-switchboard-form' : 'switchboard-form';
  }

  /** The nonce the browser already has (so two tabs keep working), or a new one. */
  nonceFor(req: IncomingMessage): { nonce: string; isNew: boolean } {
    const existing = this.cookieNonce(req);
    return existing ? { nonce: existing, isNew: false } : { nonce: randomBytes(32).toString('base64url'), isNew: true };
  }

  /** The Set-Cookie value that stores the nonce for the session. */
  cookie(nonce: string): string {
    return `${this.cookieName}=${nonce}; Path=/; HttpOnly; SameSite=Strict${this.secure ? '; Secure' : ''}`;
  }

  /** The Set-Cookie value that removes it, after the form has done its job. */
  clearCookie(): string {
    return `${this.cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${this.secure ? '; Secure' : ''}`;
  }

  /** The hidden field's value: HMAC-SHA256 keyed by the nonce over the link (never the raw token). */
  field(nonce: string, path: string, token: string): string {
    return createHmac('sha256', nonce)
      .update(`${path}:${hashToken(token)}`)
      .digest('base64url');
  }

  /** Whether a POST carries the cookie and the field that belong together, for this link, from our own page. */
  check(req: IncomingMessage, submitted: string | null, path: string, token: string): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const nonce = this.cookieNonce(req);
    if (!nonce || !submitted) return false;
    const expected = Buffer.from(this.field(nonce, path, token));
    const given = Buffer.from(submitted);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private cookieNonce(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...rest] = part.trim().split('=');
      const value = rest.join('=');
      if (name === this.cookieName && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
    }
    return null;
  }
}
