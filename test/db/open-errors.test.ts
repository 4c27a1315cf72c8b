import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/orm.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { StartupError } from '../../src/lib/startup-error.js';
import { testDatabaseKind } from '../support/database.js';

const kind = testDatabaseKind();
const dir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The StartupError that opening gives, as its one line. */
async function openProblem(...args: Parameters<typeof openDatabase>): Promise<string> {
  const error: unknown = await openDatabase(...args).then(
    async (orm) => {
      await orm.close(true);
      return null;
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(StartupError);
  const message = (error as StartupError).message;
  expect(message).not.toContain('\n');
  return message;
}

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('opening SQLite fails in one line naming DATABASE_URL and the fix', () => {
  it('a folder that does not exist is not created', async () => {
    const path = join(dir, 'missing', 'x.db');
    expect(await openProblem({ driver: 'sqlite', path })).toMatch(
      /^DATABASE_URL: the folder .*missing does not exist; create it/,
    );
  });

  it('a file that is not a SQLite database is not overwritten', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'these are my notes, not a database '.repeat(100));
    expect(await openProblem({ driver: 'sqlite', path })).toBe(
      `DATABASE_URL: ${path} is not a SQLite database; point DATABASE_URL at a Switchboard database or a new file`,
    );
  });
});

describe('opening PostgreSQL fails in one line naming DATABASE_URL and the fix', () => {
  it('nothing listening at the address', async () => {
    const port = await closedPort();
    expect(await openProblem({ driver: 'postgresql', url: `postgres://postgres@127.0.0.1:${port}/test` })).toBe(
      `DATABASE_URL: nothing answers at 127.0.0.1:${port} (connection refused); start PostgreSQL or correct the host and port`,
    );
  });

  /** A loopback server that answers each connection with `answer` (nothing: it closes it), then closes. */
  async function notPostgres(answer: Buffer | null): Promise<{ port: number; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      if (answer) socket.end(answer);
      else socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const close = () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    return { port, close };
  }

  it('a server that ends the connection, or that is not PostgreSQL (a MySQL greeting)', async () => {
    const greeting = Buffer.from('4a0000000a352e352e352d31302e31312e3139', 'hex');
    for (const [answer, reason] of [
      [null, 'Connection terminated unexpectedly'],
      [greeting, 'received invalid response: 4a'],
    ] as const) {
      const server = await notPostgres(answer);
      try {
        const problem = await openProblem({
          driver: 'postgresql',
          url: `postgres://u:secret@127.0.0.1:${server.port}/db`,
        });
        expect(problem).toMatch(
          new RegExp(
            `^DATABASE_URL: the server at 127\\.0\\.0\\.1:${server.port} broke off the connection \\((.+)\\); ` +
              'check that a PostgreSQL server listens at that host and port, and its SSL settings$',
          ),
        );
        expect(problem).toMatch(reason);
        expect(problem).not.toContain('secret');
      } finally {
        await server.close();
      }
    }
  });

  describe.runIf(kind.driver === 'postgresql')('on a real server', () => {
    const server = kind.driver === 'postgresql' ? new URL(kind.url) : new URL('postgres://x');
    const at = `${server.hostname}:${server.port || '5432'}`;
    const withPath = (user: string, database: string) => `postgres://${user}@${at}/${database}`;

    it('a database that does not exist is not created', async () => {
      const name = `switchboard_missing_${Date.now()}`;
      expect(await openProblem({ driver: 'postgresql', url: withPath('postgres', name) })).toBe(
        `DATABASE_URL: database "${name}" does not exist at ${at}; create it first (createdb ${name})`,
      );
      const admin = new pg.Client({ connectionString: kind.driver === 'postgresql' ? kind.url : '' });
      await admin.connect();
      try {
        const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
        expect(found.rowCount).toBe(0);
      } finally {
        await admin.end();
      }
    });

    it('a role that does not exist, and a role that may not create the tables', async () => {
      expect(await openProblem({ driver: 'postgresql', url: withPath('switchboard_nobody', 'postgres') })).toMatch(
        /^DATABASE_URL: PostgreSQL at .* refused role "switchboard_nobody" \(role "switchboard_nobody" does not exist\)/,
      );
      const scratch = await createScratchDatabase(kind);
      const admin = new pg.Client({
        connectionString: scratch.database.driver === 'postgresql' ? scratch.database.url : '',
      });
      await admin.connect();
      try {
        await admin.query('drop role if exists switchboard_reader');
        await admin.query('create role switchboard_reader login');
        await admin.query('revoke create on schema public from public');
        const name = new URL((scratch.database as { url: string }).url).pathname.slice(1);
        expect(await openProblem({ driver: 'postgresql', url: withPath('switchboard_reader', name) })).toMatch(
          new RegExp(
            `^DATABASE_URL: role "switchboard_reader" may not change the schema of "${name}" \\(permission denied`,
          ),
        );
      } finally {
        await admin.end();
        await scratch.drop();
        const cleanup = new pg.Client({ connectionString: kind.driver === 'postgresql' ? kind.url : '' });
        await cleanup.connect();
        await cleanup.query('drop role if exists switchboard_reader');
        await cleanup.end();
      }
    });
  });
});
