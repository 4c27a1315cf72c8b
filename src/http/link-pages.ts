import type { IncomingMessage, ServerResponse } from 'node:http';
import { isServiceError } from '../domain/errors.js';
import { hashToken } from '../domain/tokens.js';
import type { ServiceDeps } from '../services/context.js';
import { acceptInvitation, completePasswordReset } from '../services/links/completion.js';
import { describeLink, type LinkKind } from '../services/links/tokens.js';
import { checkPortalPassword } from '../domain/password-policy.js';
import { FormBodyError, readForm } from './form-body.js';
import { FormCsrf } from './form-csrf.js';
import {
  invalidLinkPage,
  passwordFormPage,
  problemPage,
  successPage,
  tooManyRequestsPage,
  type FormErrors,
} from './link-page-views.js';
import { sendPage } from './page-response.js';
import { STYLESHEET_PATH, stylesheetRoute } from './page-stylesheet.js';
import { clientAddressFrom } from './client-address.js';
import { RateLimiter, type RateLimit, type RateLimitStore } from './rate-limit.js';
import type { HttpServer } from './server.js';

export interface LinkPagesOptions {
  /** PORTAL_NAME: the portal's name on the pages, as in the emails. */
  portalName: string;
  /**
   * PORTAL_LOGIN_URL: the success page's "Go to sign in" button; without it, a sentence says to
   * sign in to the portal.
   */
  loginUrl?: string | undefined;
  /** PUBLIC_BASE_URL is https: the CSRF cookie is Secure and `__Host-`. */
  secureCookies: boolean;
  /** Requests (GET and POST) per client address; default 60 per 15 minutes. */
  perAddress?: RateLimit;
  /** TRUST_PROXY: proxies whose X-Forwarded-For gives the visitor's address (default loopback). */
  trustProxy?: readonly string[];
  /** Requests (GET and POST) per link; default 20 per 15 minutes. */
  perToken?: RateLimit;
  /** Where the counts are kept (PostgreSQL: shared by replicas); default this process's memory. */
  rateLimits?: RateLimitStore;
}

const PAGES = {
  invitation: { path: 'signup', complete: acceptInvitation },
  password: { path: 'reset', complete: completePasswordReset },
} as const;

/**
 * `GET|POST /signup/:token` and `GET|POST /reset/:token`, and their stylesheet. A GET
 * shows the form and never uses the link up; the POST checks the CSRF pair and the two
 * passwords, then completes the link through the service. Every unusable link gets the same
 * page with 404.
 */
export function registerLinkPages(http: HttpServer, deps: ServiceDeps, options: LinkPagesOptions): void {
  const csrf = new FormCsrf(options.secureCookies);
  const byAddress = new RateLimiter(
    options.perAddress ?? { limit: 60, windowMs: 15 * 60_000 },
    'link-page-address',
    options.rateLimits,
  );
  const byToken = new RateLimiter(
    options.perToken ?? { limit: 20, windowMs: 15 * 60_000 },
    'link-page-token',
    options.rateLimits,
  );
  const { portalName } = options;
  const clientAddress = clientAddressFrom(options.trustProxy ?? ['loopback']);
  const invalid = (res: ServerResponse) => sendPage(res, 404, invalidLinkPage(portalName));

  /** Both limits are counted for every request; the first exceeded one answers 429. */
  async function limited(req: IncomingMessage, res: ServerResponse, token: string): Promise<boolean> {
    const decisions = await Promise.all([byAddress.take(clientAddress(req)), byToken.take(hashToken(token))]);
    const refused = decisions.find((d) => !d.allowed);
    if (!refused || refused.allowed) return false;
    sendPage(res, 429, tooManyRequestsPage(portalName, refused.retryAfterSeconds), {
      headers: { 'retry-after': String(refused.retryAfterSeconds) },
    });
    return true;
  }

  function guarded(handler: (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>) {
    return async (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => {
      const token = params.token ?? '';
      try {
        if (await limited(req, res, token)) return;
        await handler(req, res, token);
      } catch (error) {
        if (error instanceof FormBodyError) {
          sendPage(
            res,
            error.status,
            problemPage(portalName, 'The form could not be read', `${error.message} Go back and try again.`),
            { headers: { connection: 'close' } },
          );
          return;
        }
        deps.logger.error(
          { err: error, method: req.method, route: req.url?.replace(/\/[^/?]+(\?.*)?$/, '/[token]') },
          'link page failed',
        );
        if (!res.headersSent)
          sendPage(
            res,
            500,
            problemPage(portalName, 'Something went wrong', 'Your link has not been used. Try again in a few minutes.'),
          );
        else res.end();
      }
    };
  }

  for (const kind of ['invitation', 'password'] as LinkKind[]) {
    const { path, complete } = PAGES[kind];

    const show = guarded(async (req, res, token) => {
      const link = await describeLink(deps, kind, token);
      if (!link) return invalid(res);
      const { nonce, isNew } = csrf.nonceFor(req);
      const page = passwordFormPage({
        portalName,
        purpose: link.purpose,
        accountName: link.accountName,
        userId: link.userId,
        csrfField: csrf.field(nonce, path, token),
      });
      sendPage(res, 200, page, { cookies: isNew ? [csrf.cookie(nonce)] : [] });
    });

    const submit = guarded(async (req, res, token) => {
      const form = await readForm(req);
      const link = await describeLink(deps, kind, token);
      if (!link) return invalid(res);
      const view = { portalName, purpose: link.purpose, accountName: link.accountName, userId: link.userId };
      const again = (status: number, errors: FormErrors) => {
        const { nonce, isNew } = csrf.nonceFor(req);
        sendPage(res, status, passwordFormPage({ ...view, csrfField: csrf.field(nonce, path, token), errors }), {
          cookies: isNew ? [csrf.cookie(nonce)] : [],
        });
      };
      if (!csrf.check(req, form.get('csrf'), path, token)) {
        return again(403, {
          form:
            'This form had expired or was not sent from this page, so nothing was changed. ' +
            'Enter your new password again.',
        });
      }
      const password = form.get('password') ?? '';
      const confirm = form.get('confirm') ?? '';
      const errors: FormErrors = {};
      if (password === '') errors.password = 'Enter a new password';
      else if (password !== confirm) {
        try {
          await checkPortalPassword(password, link);
        } catch (error) {
          if (isServiceError(error)) errors.password = error.message;
          else throw error;
        }
        errors.confirm = confirm === '' ? 'Type the new password again' : 'The two passwords are not the same';
      }
      if (errors.password || errors.confirm) return again(422, errors);

      try {
        await complete(deps, { token, password }, { clientAddress: clientAddress(req) });
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const field = error.fields.find((f) => f.field === 'password');
        if (error.code.startsWith('PASSWORD.') && field) return again(422, { password: field.message });
        return invalid(res);
      }
      sendPage(res, 200, successPage({ ...view, loginUrl: options.loginUrl }), { cookies: [csrf.clearCookie()] });
    });

    http.route('GET', `/${path}/:token`, show);
    http.route('HEAD', `/${path}/:token`, show);
    http.route('POST', `/${path}/:token`, submit);
  }
  http.route('GET', STYLESHEET_PATH, stylesheetRoute);
}
