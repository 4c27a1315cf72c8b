import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** The address a request came from, as rate limits and the audit should see it. */
export type ClientAddress = (req: IncomingMessage) => string;

const normalise = (address: string) => address.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

/**
 * Reads the client's address through the proxies in TRUST_PROXY: X-Forwarded-For is believed
 * only as far back as the hops are trusted proxies (proxy-addr walks it from the nearest hop), so a
 * visitor cannot forge an address, and an untrusted peer is its own address. `[]` trusts nobody.
 */
export function clientAddressFrom(trustProxy: readonly string[]): ClientAddress {
  const trust = proxyaddr.compile([...trustProxy]);
  return (req) =>
    normalise(proxyaddr(req as Parameters<typeof proxyaddr>[0], trust) ?? req.socket.remoteAddress ?? 'unknown');
}
