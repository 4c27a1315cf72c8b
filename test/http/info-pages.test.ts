import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerInfoPages } from '../../src/http/info-pages.js';
import { PAGE_HEADERS } from '../../src/http/page-response.js';
import { HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/lib/logger.js';

let http: HttpServer;
let baseUrl: string;
beforeAll(async () => {
  http = new HttpServer(createLogger('silent'));
  registerInfoPages(http, { portalName: 'Acme <Portal>' });
  baseUrl = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
});

describe('the pages the Teams app package links to', () => {
  it.each([
    ['/', 'Switchboard'],
    ['/privacy', 'Privacy'],
    ['/terms', 'Terms of use'],
  ])('%s answers 200 with the look and headers of the signup pages', async (path, heading) => {
    const response = await fetch(`${baseUrl}${path}`);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(PAGE_HEADERS)) expect(response.headers.get(name), name).toBe(value);
    const body = await response.text();
    expect(body).toContain(`<h1>${heading}</h1>`);
    expect(body).toContain('<link rel="stylesheet" href="/assets/link-pages.css">');
    expect(body).toContain('<p class="portal">Acme &lt;Portal&gt;</p>');
    expect(body).toContain('<a href="/privacy">Privacy</a>');
    expect(body).not.toMatch(/<script/i);
    const head = await fetch(`${baseUrl}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('leaves other paths unknown', async () => {
    expect((await fetch(`${baseUrl}/privacy/more`)).status).toBe(404);
  });
});
