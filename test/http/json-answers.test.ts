import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendJson } from '../../src/http/json-body.js';

const BODY = { user: 'Zoë Ångström', note: '✓ done', items: [1, 2, 3] };
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((_req, res) => sendJson(res, 201, BODY));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The answer exactly as it crossed the wire, so chunked framing would show. */
function rawAnswer(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.end('GET / HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n'),
    );
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

it('answers JSON with its length in bytes, not in chunks', async () => {
  const raw = await rawAnswer();
  const [head, body] = raw.split('\r\n\r\n');
  const json = JSON.stringify(BODY);
  expect(head).toMatch(/^HTTP\/1\.1 201 /);
  expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/i);
  // Bytes, not characters: the body holds letters outside ASCII.
  expect(Buffer.byteLength(json)).toBeGreaterThan(json.length);
  expect(head).toContain(`\r\ncontent-length: ${Buffer.byteLength(json)}`);
  expect(head).not.toMatch(/transfer-encoding/i);
  expect(JSON.parse(body!)).toEqual(BODY);
});
