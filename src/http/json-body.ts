import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

/**
 * Answers with a JSON body, its length given: without it Node frames the body in chunks, which
 * the client must parse and which takes a second write (writev) for every answer.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
}

/**
 * Reads a JSON object body of at most `maxBytes` (a bigger one is refused before it is parsed):
 * the object, or the status and error to answer. `noun` names it in the errors (`an activity`).
 */
export async function readJsonObject(
  req: IncomingMessage,
  maxBytes: number,
  noun = 'a body',
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; status: number; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return { ok: false, status: 413, error: `${noun.replace(/^an? /, '')} too large` };
    chunks.push(chunk as Buffer);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { ok: false, status: 400, error: `${noun} must be a JSON object` };
    return { ok: true, body: body as Record<string, unknown> };
  } catch {
    return { ok: false, status: 400, error: 'the body is not JSON' };
  }
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (plain === '::1') return true;
  return isIP(plain) === 4 && plain.startsWith('127.');
}

/** Whether a URL points at this machine (local tools, such as Microsoft's, run their services there). */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}
