import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../lib/logger.js';

function describe(parts: unknown[]): string {
  return parts
    .map((part) =>
      part instanceof Error
        ? `${part.name}: ${part.message}`
        : typeof part === 'string'
          ? part
          : (() => {
              try {
                return JSON.stringify(part);
              } catch {
                return String(part);
              }
            })(),
    )
    .join(' ')
    .slice(0, 500);
}

/**
 * Bolt's and the WebClient's logs into Switchboard's logger. Their debug lines are dropped
 * whatever LOG_LEVEL says: they hold request and response bodies (a generated PIN in an
 * ephemeral message, say), and DESIGN.md allows no secret in a log line.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const rank = { [LogLevel.ERROR]: 3, [LogLevel.WARN]: 2, [LogLevel.INFO]: 1, [LogLevel.DEBUG]: 0 };
  const on = (l: LogLevel) => rank[l] >= rank[level];
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => on(LogLevel.INFO) && child.info(describe(msg)),
    warn: (...msg: unknown[]) => on(LogLevel.WARN) && child.warn(describe(msg)),
    error: (...msg: unknown[]) => on(LogLevel.ERROR) && child.error(describe(msg)),
    setLevel: (l: LogLevel) => {
      level = l === LogLevel.DEBUG ? LogLevel.INFO : l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
