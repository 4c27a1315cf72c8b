import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are never logged, at any depth pino redacts. */
export const SECRET_KEYS = ['password', 'newPassword', 'pin', 'token', 'secret', 'passwordHash', 'pinHash', 'tokenHash', 'authorization', 'cookie'];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const paths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino({ level, redact: { paths, censor: '[redacted]' }, base: { app: 'switchboard' } }, destination);
}
