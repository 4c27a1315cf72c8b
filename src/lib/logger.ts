import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are never logged, at any depth pino redacts. */
export const SECRET_KEYS = [
  'password',
  'newPassword',
  'pin',
  'token',
  'secret',
  'passwordHash',
  'pinHash',
  'tokenHash',
  'authorization',
  'cookie',
];

/** The HTTP request being handled (set by HttpServer): its id goes on every log line written for it. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    {
      level,
      redact: { paths, censor: '[redacted]' },
      base: { app: 'switchboard' },
      // A new object each time: pino merges each line's own fields into what mixin returns.
      mixin: () => {
        const request = requestContext.getStore();
        return request ? { requestId: request.requestId } : {};
      },
    },
    destination,
  );
}
