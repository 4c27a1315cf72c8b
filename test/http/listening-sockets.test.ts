import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, LISTENING_SOCKETS } from '../../src/http/server.js';
import { createLogger } from '../../src/lib/logger.js';

const logger = createLogger('silent');
const opened: Socket[] = [];
const servers: HttpServer[] = [];

afterEach(async () => {
  for (const socket of opened.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close(10)));
});

async function started(sockets?: number): Promise<{ http: HttpServer; port: number }> {
  const http = new HttpServer(logger).route('GET', '/ping', (_req, res) => void res.end('pong'));
  servers.push(http);
  const port = await http.listen(0, '127.0.0.1', sockets);
  return { http, port };
}

/** Blocks the event loop for `ms`: what a turn full of work does to the sockets waiting on it. */
function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** Opens `count` connections while the event loop is blocked; how many the server takes in its next turn. */
async function acceptedInOneTurn(http: HttpServer, port: number, count: number): Promise<number> {
  let accepted = 0;
  http.server.on('connection', () => accepted++);
  for (let i = 0; i < count; i++) opened.push(connect(port, '127.0.0.1'));
  // The kernel completes every handshake meanwhile: the connections wait in the listen backlog.
  busyFor(300);
  // Between two check phases (setImmediate) lies exactly one poll phase, where connections are accepted.
  const nextCheck = () => new Promise((resolve) => setImmediate(resolve));
  await nextCheck();
  const before = accepted;
  await nextCheck();
  const inFirstTurn = accepted - before;
  await expect.poll(() => accepted, { timeout: 5_000 }).toBe(count);
  return inFirstTurn;
}

async function get(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/ping`);
  return res.text();
}

describe.runIf(process.platform === 'linux')('the port, shared by sockets of this process (Linux)', () => {
  it('takes more than one waiting connection per turn of the event loop, where one socket takes one', async () => {
    expect(LISTENING_SOCKETS).toBeGreaterThan(1);
    const alone = await started(1);
    expect(await acceptedInOneTurn(alone.http, alone.port, 16)).toBe(1);
    const shared = await started();
    expect(await acceptedInOneTurn(shared.http, shared.port, 16)).toBeGreaterThan(1);
    expect(await get(shared.port)).toBe('pong');
  });

  it('refuses a port that another program listens on, even one that would share it', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen({ port: 0, host: '127.0.0.1', reusePort: true }, resolve));
    const { port } = other.address() as { port: number };
    try {
      const http = new HttpServer(logger);
      await expect(http.listen(port, '127.0.0.1')).rejects.toThrow(`PORT: 127.0.0.1:${port} is already in use`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('closes every socket on the port: no connection is taken after close', async () => {
    const { http, port } = await started();
    expect(await get(port)).toBe('pong');
    await http.close(10);
    servers.splice(servers.indexOf(http), 1);
    for (let i = 0; i < 8; i++) await expect(get(port)).rejects.toThrow();
  });
});
