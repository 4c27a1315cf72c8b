import type { IncomingMessage } from 'node:http';

/** A form post we do not read: too large (413) or not a form (415). */
export class FormBodyError extends Error {
  override name = 'FormBodyError';
  constructor(
    readonly status: 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads an `application/x-www-form-urlencoded` body of at most `maxBytes`. */
export async function readForm(req: IncomingMessage, maxBytes = 8 * 1024): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new FormBodyError(415, 'The form was not sent as a form.');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new FormBodyError(413, 'The form is too large.');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(new FormBodyError(413, 'The form is too large.'));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (size <= maxBytes) resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
  });
}
