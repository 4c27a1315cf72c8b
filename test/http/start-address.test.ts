import { describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { describeListening, localUrl } from '../../src/http/listen-address.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { startServer } from './support/start-server.js';

const LISTENING = /Switchboard is listening on (http:\/\/\S+) \(([^;"]+); links in emails use (https?:\/\/\S+)\)/;

describe('the address the server reports', { timeout: 60_000 }, () => {
  it('names all interfaces or the one address, and a URL that reaches it from this machine', () => {
    const all: AddressInfo = { address: '::', family: 'IPv6', port: 3000 };
    const loopback6: AddressInfo = { address: '::1', family: 'IPv6', port: 4000 };
    const loopback4: AddressInfo = { address: '127.0.0.1', family: 'IPv4', port: 5000 };
    expect([describeListening(all), localUrl(all)]).toEqual(['all interfaces', 'http://localhost:3000']);
    expect([describeListening(loopback6), localUrl(loopback6)]).toEqual(['::1 only', 'http://[::1]:4000']);
    expect([describeListening(loopback4), localUrl(loopback4)]).toEqual(['127.0.0.1 only', 'http://127.0.0.1:5000']);
  });

  it('reads HOST, and refuses one that cannot be an address', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({}).host).toBeUndefined();
    expect(() => loadConfig({ HOST: 'http://example.com/' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: 'http://example.com/' })).toThrow(/^HOST must be an address of this machine/);
  });

  it('with PORT=0 and HOST, says the real address and port, serves there, and links use them', async () => {
    const server = startServer({ DATABASE_URL: 'sqlite::memory:', PORT: '0', HOST: '127.0.0.1' });
    try {
      const [, url, where, links] = await server.waitFor(LISTENING);
      const port = Number(/:(\d+)$/.exec(url!)![1]);
      expect(port).toBeGreaterThan(0);
      expect(where).toBe('127.0.0.1 only');
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(links).toBe(url);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('without HOST listens on all interfaces; PUBLIC_BASE_URL, when set, is what links use', async () => {
    const server = startServer({
      DATABASE_URL: 'sqlite::memory:',
      PORT: '0',
      PUBLIC_BASE_URL: 'https://sb.example.com',
    });
    try {
      const [, url, where, links] = await server.waitFor(LISTENING);
      expect(where).toBe('all interfaces');
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(links).toBe('https://sb.example.com');
    } finally {
      await server.stop();
    }
  });

  it('stops with one line naming HOST when it is not an address of this machine', async () => {
    const server = startServer({ DATABASE_URL: 'sqlite::memory:', PORT: '0', HOST: '192.0.2.77' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(
      /^Switchboard cannot start: HOST: 192\.0\.2\.77 is not an address of this machine/m,
    );
  });
});
