import { PASSWORD_MAX, PASSWORD_MIN } from '../domain/password-policy.js';
import { html, type SafeHtml } from './html.js';
import { STYLESHEET_PATH } from './page-stylesheet.js';

export type PagePurpose = 'signup' | 'setup' | 'reset';

/** Problems to show on the form: by field, and one for the form as a whole. */
export interface FormErrors {
  password?: string;
  confirm?: string;
  form?: string;
}

/** The pages' one layout: the portal's name above the content, our stylesheet, no script. */
export function layout(title: string, portalName: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title} – ${portalName}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<p class="portal">${portalName}</p>
${body}
</main>
</body>
</html>
`;
}

const TEXT: Record<
  PagePurpose,
  { title: string; intro: (account: string, userId: string, portal: string) => string; button: string }
> = {
  signup: {
    title: 'Accept your invitation',
    intro: (account, userId, portal) =>
      `You were invited to the account ${account} on ${portal}. ` +
      `Choose a password to finish signing up; you will sign in as ${userId}.`,
    button: 'Set password and sign up',
  },
  setup: {
    title: 'Set your password',
    intro: (account, userId, portal) =>
      `Choose the password for your user ${userId} in the account ${account} on ${portal}.`,
    button: 'Set password',
  },
  reset: {
    title: 'Choose a new password',
    intro: (account, userId, portal) =>
      `Choose a new password for your user ${userId} in the account ${account} on ${portal}.`,
    button: 'Change password',
  },
};

const HINT =
  `Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters. It must not contain your name, your User ID or the name part of ` +
  'your email address, and must not be a leaked password, a sequence, a repeat or a keyboard pattern. ' +
  'A few unrelated words make a good one.';

export interface PasswordFormView {
  portalName: string;
  purpose: PagePurpose;
  accountName: string;
  userId: string;
  csrfField: string;
  errors?: FormErrors;
}

interface FieldView {
  id: 'password' | 'confirm';
  label: string;
  hint: string | null;
  error: string | undefined;
  autofocus: boolean;
}

/** The policy's limits, for the browser's own check before the server's. */
const LENGTH_LIMITS = html`minlength="${PASSWORD_MIN}" maxlength="${PASSWORD_MAX}"`;

/**
 * A password field, accessible: its label, its hint and its error tied to it with
 * aria-describedby, aria-invalid when it has an error, and autofocus on the first field
 * with an error (the page works without any script).
 */
function passwordField(f: FieldView): SafeHtml {
  const described = [f.hint ? `${f.id}-hint` : null, f.error ? `${f.id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${f.id}">${f.label}</label>
${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : null}
${f.error ? html`<p class="error" id="${f.id}-error"><span class="visually-hidden">Error: </span>${f.error}</p>` : null}
<input type="password" id="${f.id}" name="${f.id}" autocomplete="new-password" required ${LENGTH_LIMITS}${described ? html` aria-describedby="${described}"` : null}${f.error ? html` aria-invalid="true"` : null}${f.autofocus ? html` autofocus` : null}>
</div>`;
}

/** The form: the new password twice; errors, if any, summarised at the top and next to their field. */
export function passwordFormPage(view: PasswordFormView): SafeHtml {
  const text = TEXT[view.purpose];
  const errors = view.errors ?? {};
  const fieldErrors = (['password', 'confirm'] as const).filter((id) => errors[id]);
  const first = fieldErrors[0] ?? (errors.form ? 'password' : null);
  const summary =
    errors.form || fieldErrors.length > 0
      ? html`<div class="alert" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${errors.form ? html`<li>${errors.form}</li>` : null}${fieldErrors.map((id) => html`<li><a href="#${id}">${errors[id]}</a></li>`)}</ul>
</div>`
      : null;
  const title = `${summary ? 'Error: ' : ''}${text.title}`;
  return layout(
    title,
    view.portalName,
    html`<h1>${text.title}</h1>
${summary}
<p>${text.intro(view.accountName, view.userId, view.portalName)}</p>
<form method="post">
<input type="hidden" name="csrf" value="${view.csrfField}">
<input type="text" name="username" autocomplete="username" value="${view.userId}" hidden readonly>
${passwordField({ id: 'password', label: 'New password', hint: HINT, error: errors.password, autofocus: first === 'password' })}
${passwordField({ id: 'confirm', label: 'Confirm new password', hint: 'Type the same password again.', error: errors.confirm, autofocus: first === 'confirm' })}
<button type="submit">${text.button}</button>
</form>`,
  );
}

/** The one page for every link that cannot be used: invalid, expired, revoked or used alike. */
export function invalidLinkPage(portalName: string): SafeHtml {
  return layout(
    'This link cannot be used',
    portalName,
    html`<h1>This link cannot be used</h1>
<p>This link is invalid, has expired or has already been used.</p>
<p>Ask your portal administrator for a new one.</p>`,
  );
}

export interface SuccessView {
  portalName: string;
  purpose: PagePurpose;
  accountName: string;
  userId: string;
  /** PORTAL_LOGIN_URL: a "Go to sign in" button; without it, the page says to sign in to the portal. */
  loginUrl?: string | undefined;
}

/** After the POST: what happened and what to do next (sign in to the portal, not to Switchboard). */
export function successPage(view: SuccessView): SafeHtml {
  const signIn = `sign in to ${view.portalName} as ${view.userId} with your new password`;
  const done =
    view.purpose === 'signup'
      ? { title: 'You are signed up', text: `Your user ${view.userId} in the account ${view.accountName} is ready.` }
      : view.purpose === 'setup'
        ? { title: 'Your password is set', text: `Your password for the account ${view.accountName} is set.` }
        : { title: 'Your password was changed', text: 'We have emailed you a notice of the change.' };
  const next = view.loginUrl
    ? html`<p>Now ${signIn}.</p>
<p><a class="button" href="${view.loginUrl}">Go to sign in</a></p>`
    : html`<p>Now ${signIn}: open the portal's sign-in page as you usually do.</p>`;
  return layout(
    done.title,
    view.portalName,
    html`<h1>${done.title}</h1>
<div class="success" role="status"><p>${done.text}</p></div>
${next}
<p>This link has now been used and no longer works.</p>`,
  );
}

/** 429: how long to wait. */
export function tooManyRequestsPage(portalName: string, retryAfterSeconds: number): SafeHtml {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return layout(
    'Too many attempts',
    portalName,
    html`<h1>Too many attempts</h1>
<p>There have been too many attempts with this link or from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.</p>`,
  );
}

/** 413, 415 or 500: a short explanation, never details. */
export function problemPage(portalName: string, title: string, text: string): SafeHtml {
  return layout(
    title,
    portalName,
    html`<h1>${title}</h1>
<p>${text}</p>`,
  );
}
