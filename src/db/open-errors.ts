import type { DatabaseConfig } from '../config.js';
import { StartupError } from '../lib/startup-error.js';

interface DriverError {
  code?: string;
  message?: string;
  errno?: number;
}

/** host:port of a PostgreSQL URL, without the credentials. */
function serverOf(url: string): { where: string; user: string; database: string } {
  const parsed = new URL(url);
  return {
    where: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`,
    user: decodeURIComponent(parsed.username) || 'the default role',
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'the default database',
  };
}

function postgresProblem(error: DriverError, url: string): string | null {
  const { where, user, database } = serverOf(url);
  switch (error.code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: nothing answers at ${where} (connection refused); start PostgreSQL or correct the host and port`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: the host of ${where} is not known; correct the host name`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `DATABASE_URL: PostgreSQL at ${where} does not answer (${error.code}); check the address and the firewall`;
    case '28P01':
      return `DATABASE_URL: PostgreSQL at ${where} refused the password of role "${user}"; correct the password`;
    case '28000':
      return `DATABASE_URL: PostgreSQL at ${where} refused role "${user}" (${error.message}); correct the user name or pg_hba.conf`;
    case '3D000':
      return `DATABASE_URL: database "${database}" does not exist at ${where}; create it first (createdb ${database})`;
    case '42501':
      return `DATABASE_URL: role "${user}" may not change the schema of "${database}" (${error.message}); grant it CREATE there, or use the owner`;
    default:
      return brokenOff(error)
        ? `DATABASE_URL: the server at ${where} broke off the connection (${oneLine(error.message)}); check that a PostgreSQL server listens at that host and port, and its SSL settings`
        : null;
  }
}

/** Socket errors that end a connection, as opposed to PostgreSQL refusing something (a SQLSTATE). */
const BROKEN_OFF_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * The connection ended before PostgreSQL answered as PostgreSQL: a reset, a server that is not
 * PostgreSQL (pg reads its greeting as an unexpected message), an SSL mismatch. pg gives these no
 * code; a SQLSTATE (five characters) is a real server's answer and is not one of them.
 */
function brokenOff(error: DriverError): boolean {
  if (error.code) return BROKEN_OFF_CODES.has(error.code);
  return /connection|backend|invalid response|ssl|socket|protocol/i.test(error.message ?? '');
}

const oneLine = (text: string | undefined) => (text ?? 'no reason given').replace(/\s+/g, ' ').trim().slice(0, 160);

function sqliteProblem(error: DriverError, path: string): string | null {
  switch (error.code) {
    case 'SQLITE_CANTOPEN':
      return `DATABASE_URL: cannot open the SQLite file ${path}; check that its folder exists and may be written`;
    case 'SQLITE_NOTADB':
      return `DATABASE_URL: ${path} is not a SQLite database; point DATABASE_URL at a Switchboard database or a new file`;
    case 'SQLITE_READONLY':
      return `DATABASE_URL: the SQLite file ${path} is read-only; Switchboard needs to write to it and its folder`;
    case 'SQLITE_CORRUPT':
      return `DATABASE_URL: the SQLite file ${path} is damaged (${error.message}); restore it from a backup`;
    default:
      return null;
  }
}

/** A database failure at start-up as one line naming DATABASE_URL and the fix, or the error itself. */
export function explainOpenError(error: unknown, database: DatabaseConfig): unknown {
  if (error instanceof StartupError) return error;
  const driverError = (error ?? {}) as DriverError;
  const problem =
    database.driver === 'postgresql'
      ? postgresProblem(driverError, database.url)
      : sqliteProblem(driverError, database.path);
  return problem ? new StartupError(problem) : error;
}
