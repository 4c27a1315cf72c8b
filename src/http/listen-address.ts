import type { AddressInfo } from 'node:net';

const ALL_INTERFACES = new Set(['::', '0.0.0.0']);

/** Which interfaces the server really listens on, for the start-up line: "all interfaces" or "127.0.0.1 only". */
export function describeListening(address: AddressInfo): string {
  return ALL_INTERFACES.has(address.address) ? 'all interfaces' : `${address.address} only`;
}

/**
 * The URL that reaches the server from this machine: `http://localhost:PORT` when it listens on all
 * interfaces, else its own address (`http://127.0.0.1:PORT`, `http://[::1]:PORT`).
 */
export function localUrl(address: AddressInfo): string {
  if (ALL_INTERFACES.has(address.address)) return `http://localhost:${address.port}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
