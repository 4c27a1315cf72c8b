import { createHash } from 'node:crypto';
import type { Handler } from './server.js';

/** The one stylesheet of the signup and reset pages, served from our origin (the CSP allows no inline style). */
export const PAGE_STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#1b1b1b;background:#f4f5f7}
body{margin:0;padding:2rem 1rem}
main{max-width:34rem;margin:0 auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}
p{margin:0 0 1rem}
.portal{color:#555;font-size:.95rem;margin-bottom:.5rem}
.field{margin:0 0 1.5rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{color:#555;font-size:.95rem;margin:0 0 .5rem}
.error{color:#b00020;font-weight:600;margin:0 0 .5rem}
input[type=password]{display:block;width:100%;font-size:1.1rem;padding:.6rem;border:2px solid #5c5c5c;border-radius:.25rem}
input[aria-invalid=true]{border-color:#b00020;border-width:3px}
input:focus,button:focus,a:focus{outline:3px solid #f5b400;outline-offset:2px}
button{font-size:1.1rem;font-weight:600;padding:.7rem 1.4rem;border:0;border-radius:.25rem;background:#1f5fbf;color:#fff;cursor:pointer}
button:hover,a.button:hover{background:#174a94}
a.button{display:inline-block;font-size:1.1rem;font-weight:600;padding:.7rem 1.4rem;border-radius:.25rem;background:#1f5fbf;color:#fff;text-decoration:none}
.alert{border-left:5px solid #b00020;background:#fdf2f4;padding:.75rem 1rem;margin:0 0 1.5rem}
.alert h2{font-size:1.1rem;margin:0 0 .25rem}
.alert ul{margin:0;padding-left:1.25rem}
.alert a{color:#b00020}
.success{border-left:5px solid #1e7b34;background:#f0f8f2;padding:.75rem 1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-color-scheme:dark){html{background:#121212;color:#eee}main{background:#1e1e1e}.portal,.hint{color:#bbb}input[type=password]{background:#121212;color:#eee;border-color:#aaa}.alert{background:#2a1215}.success{background:#12261a}.error,.alert a{color:#ff8a80}}
`.trim();

const etag = `"${createHash('sha256').update(PAGE_STYLESHEET).digest('base64url').slice(0, 16)}"`;

export const STYLESHEET_PATH = '/assets/link-pages.css';

/** `GET /assets/link-pages.css`. */
export const stylesheetRoute: Handler = (req, res) => {
  const headers = {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=86400',
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, headers).end(PAGE_STYLESHEET);
};
