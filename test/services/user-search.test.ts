import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { listUsers } from '../../src/services/users/query.js';
import {
  makeUser,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';

let sb: TestSwitchboard;
let acc: TestAccount;
/** Every user of the account, as the search sees them. */
const people: { userId: string; text: string }[] = [];

/** Characters that matter to LIKE, FTS5 and SQL quoting, among ordinary ones. */
const CHARS = 'abcAB12 ._-@+%_"\'\\*éÉ';
const word = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...CHARS), minLength: min, maxLength: max });

/** The search as plain text: lower case, substring of the user's fields. */
function expected(search: string): string[] {
  const needle = search.trim().toLowerCase();
  return people
    .filter((p) => p.text.includes(needle))
    .map((p) => p.userId)
    .sort();
}

async function found(search: string): Promise<string[]> {
  const page = await listUsers(sb.deps, acc.actor, { search, pageSize: 100 });
  return page.items.map((u) => u.userId).sort();
}

beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
  const em = sb.orm.em.fork();
  const samples = fc.sample(fc.tuple(word(1, 12), word(1, 12), word(0, 12)), { numRuns: 60, seed: 4242 });
  samples.forEach(([first, last, label], i) => {
    const userId = `u${i}.${first.replace(/[^a-z0-9._@+-]/gi, '')}`.slice(0, 60);
    const email = `p${i}_${label.length}@example.com`;
    const user = makeUser(acc.account, { userId, email, firstName: first, lastName: last, label }, sb.clock.now());
    em.persist(user);
    people.push({ userId, text: `${userId} ${email} ${first} ${last} ${label}`.toLowerCase() });
  });
  const admin = await em.findOneOrFail(PortalUser, { id: acc.admin.id });
  people.push({
    userId: admin.userId,
    text: `${admin.userId} ${admin.email} ${admin.firstName} ${admin.lastName} ${admin.label}`.toLowerCase(),
  });
  await em.flush();
});
afterAll(async () => sb?.close());

describe('user search (the search index, SQLite FTS5 trigram or PostgreSQL pg_trgm)', () => {
  it('finds exactly the users whose fields contain the text, for any text', async () => {
    // Only characters whose lower case is the same in JavaScript, SQLite and PostgreSQL's C locale.
    const ascii = fc.string({ unit: fc.constantFrom(...'abcAB12 ._-@+%_"\'\\*'), minLength: 1, maxLength: 6 });
    const pieces = fc
      .constantFrom(...people.map((p) => p.text))
      .chain((text) =>
        fc.tuple(fc.nat(text.length), fc.integer({ min: 1, max: 8 })).map(([at, n]) => text.slice(at, at + n)),
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(ascii, pieces), async (search) => {
        fc.pre(search.trim().length > 0 && /^[\x20-\x7e]*$/.test(search));
        expect(await found(search)).toEqual(expected(search));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('gives the number of matches and a page of them for any search, page and page size', async () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'abcAB12 ._-@'), minLength: 1, maxLength: 3 });
    const paging = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 6 }));
    await fc.assert(
      fc.asyncProperty(ascii, paging, async (search, [pageSize, page]) => {
        fc.pre(search.trim().length > 0);
        const all = expected(search);
        const got = await listUsers(sb.deps, acc.actor, { search, pageSize, page });
        expect(got.total).toBe(all.length);
        expect(got.items).toHaveLength(Math.max(0, Math.min(pageSize, all.length - (page - 1) * pageSize)));
        for (const user of got.items) expect(all).toContain(user.userId);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('treats %, _, quotes and backslashes as themselves, and follows renames and deletes', async () => {
    for (const search of ['%', '_', '"', "'", '\\', '%%%', '"a"', 'a%b', '_@e']) {
      expect(await found(search), search).toEqual(expected(search));
    }
    const em = sb.orm.em.fork();
    const user = await em.findOneOrFail(PortalUser, { account: acc.account.id, userId: people[0]!.userId });
    user.lastName = 'Zyxwvut';
    await em.flush();
    expect(await found('zyxwvut')).toEqual([user.userId]);
    expect(await found('yxw')).toEqual([user.userId]);
    await em.remove(user).flush();
    expect(await found('zyxwvut')).toEqual([]);
  });
});
