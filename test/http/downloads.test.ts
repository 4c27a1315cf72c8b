import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDownloads } from '../../src/http/downloads.js';
import { HttpServer } from '../../src/http/server.js';
import { Download } from '../../src/domain/entities/download.js';
import { hashToken } from '../../src/domain/tokens.js';
import { deleteExpiredDownloads, storeDownload } from '../../src/services/downloads/downloads.js';
import { newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
let http: HttpServer;
let base: string;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  http = new HttpServer(sb.deps.logger);
  registerDownloads(http, sb.deps);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await sb?.close();
});

/** The link's path on the test server (the link itself names PUBLIC_BASE_URL). */
const local = (url: string) => `${base}${new URL(url).pathname}`;

describe('private download links', () => {
  it('serve the file as an attachment, never cached, to whoever holds the link, for 30 minutes', async () => {
    const acc = await newAccount(sb);
    const content = 'User ID,Email\r\nastewart,"a,b"@example.com\r\n';
    const link = await storeDownload(sb.deps, acc.actor, { name: 'users-all 2026.csv', content });
    expect(link.url).toMatch(/^https:\/\/switchboard\.test\/downloads\/[A-Za-z0-9_-]{43}$/);

    const res = await fetch(local(link.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(content);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="users-all_2026.csv"; filename*=UTF-8''users-all%202026.csv`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    // Only the token's hash is stored; each download is counted.
    const token = new URL(link.url).pathname.split('/').pop()!;
    const row = await sb.orm.em.fork().findOneOrFail(Download, { tokenHash: hashToken(token) });
    expect(row.downloads).toBe(1);
    expect(JSON.stringify(await sb.orm.em.fork().find(Download, {}))).not.toContain(token);

    sb.clock.advance(30 * 60_000);
    const late = await fetch(local(link.url));
    expect(late.status).toBe(404);
    expect(await late.text()).toMatch(/unknown or has expired.*Export the file again/);
    expect(await deleteExpiredDownloads(sb.deps)).toBeGreaterThanOrEqual(1);
    expect(await sb.orm.em.fork().count(Download, { id: row.id })).toBe(0);
  });

  it('answer 404 to a made-up or malformed token, the same way', async () => {
    const made = await fetch(`${base}/downloads/${'A'.repeat(43)}`);
    const malformed = await fetch(`${base}/downloads/not-a-token`);
    expect([made.status, malformed.status]).toEqual([404, 404]);
    expect(await made.text()).toBe(await malformed.text());
  });
});
