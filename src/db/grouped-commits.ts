import type { EntityManager, MikroORM, Transaction } from '@mikro-orm/core';
import type { SqliteConnection } from '@mikro-orm/sqlite';
import { isPostgres } from './dialect.js';

/** A change waiting for its turn: its work, and whom to tell how it came out. */
interface Waiting {
  work: (em: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** The most changes one commit carries: a read waits for a group's commit, up to ~1 ms a change. */
export const MOST_CHANGES_A_COMMIT = 16;

/** What the group needs of better-sqlite3's connection: whether a transaction is open. */
interface NativeSqlite {
  readonly inTransaction: boolean;
}

/** Thrown at the changes of a group whose transaction SQLite rolled back by itself (an I/O error, a full disk). */
export class GroupRolledBack extends Error {
  constructor() {
    super('SQLite rolled the transaction back by itself; the changes it held were not saved');
  }
}

/**
 * Changes on SQLite committed in groups (group commit). SQLite runs one writer at a time, so
 * changes wait for each other anyway, and a commit writes every page its transaction touched to
 * the WAL: about 20 pages for a user add with its audit event, link and email, and a profile of
 * the server under load put a tenth of its time in COMMIT. Here the changes that queued while a
 * group ran make the next group: one transaction, each change in a savepoint of its own, one
 * after the other, as they would have run alone. A change that fails is rolled back to its
 * savepoint and told at once; the others are untouched. The rest are told they are done only
 * once the commit that holds them has returned, so nothing is reported saved that is not; a
 * commit that fails fails every change it held. On PostgreSQL each change is a transaction of
 * its own (a pool of connections, row locks).
 */
export class GroupedCommits {
  private readonly queue: Waiting[] = [];
  private draining = false;
  private scheduled = false;
  /** Read once: the database does not change under an open ORM. */
  private readonly postgres: boolean;

  constructor(
    private readonly orm: MikroORM,
    private readonly most = MOST_CHANGES_A_COMMIT,
  ) {
    this.postgres = isPostgres(orm.em);
  }

  /** `work` in a transaction, its own or a savepoint of a group's; settles once its commit returned. */
  transactional<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.postgres) return this.orm.em.fork().transactional(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * The first group starts at the end of this turn of the event loop, not at once: the requests
   * read in one turn reach their changes a few awaits apart, and started at once the first would
   * commit alone (a profile under load: 1.8 commits a submitted `user add`, most of one change).
   */
  private schedule(): void {
    if (this.draining || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.most);
        // Whatever went wrong around the changes (the connection, say), no change is left waiting.
        await this.commit(group).catch((error: unknown) => group.forEach((waiting) => waiting.reject(error)));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length === 1) {
      const { work, resolve, reject } = group[0]!;
      await this.orm.em.fork().transactional(work).then(resolve, reject);
      return;
    }
    const sqlite = (await (this.orm.em.getConnection() as SqliteConnection).getNativeClient()) as NativeSqlite;
    const done: { waiting: Waiting; value: unknown }[] = [];
    const failed = new Set<Waiting>();
    try {
      await this.orm.em.fork().transactional(async (em) => {
        const ctx = em.getTransactionContext<Transaction>();
        for (const waiting of group) {
          // Past this point a savepoint would open a transaction of its own, committed by its release.
          if (!sqlite.inTransaction) throw new GroupRolledBack();
          try {
            done.push({ waiting, value: await this.orm.em.fork().transactional(waiting.work, { ctx }) });
          } catch (error) {
            // Rolled back to its savepoint: nothing of it stays, whatever becomes of the group.
            failed.add(waiting);
            waiting.reject(error);
          }
        }
        if (!sqlite.inTransaction) throw new GroupRolledBack();
      });
    } catch (error) {
      for (const waiting of group) if (!failed.has(waiting)) waiting.reject(error);
      return;
    }
    for (const { waiting, value } of done) waiting.resolve(value);
  }
}

const commitsOf = new WeakMap<MikroORM, GroupedCommits>();

/** `work` as one change of the database's (see GroupedCommits): on SQLite, committed in groups. */
export function changeTransaction<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  let commits = commitsOf.get(orm);
  if (!commits) commitsOf.set(orm, (commits = new GroupedCommits(orm)));
  return commits.transactional(work);
}
