import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../src/domain/entities/account.js';
import type { Actor } from '../../src/services/context.js';
import { PortalUser, USER_STATES, type UserState } from '../../src/domain/entities/portal-user.js';
import { listUsers } from '../../src/services/users/query.js';
import { makeUser, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

type Step =
  | { kind: 'add'; state: UserState }
  | { kind: 'set'; pick: number; state: UserState }
  | { kind: 'move'; pick: number }
  | { kind: 'remove'; pick: number };

const state = fc.constantFrom(...USER_STATES);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), state }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), state }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
);

/** What the list says of each state and of `all`, beside what counting the rows says. */
async function totals(account: Account, actor: Actor) {
  const em = sb.orm.em.fork();
  const said: Record<string, number> = {};
  const counted: Record<string, number> = {};
  for (const s of [...USER_STATES, 'all'] as const) {
    said[s] = (await listUsers(sb.deps, actor, { state: s, pageSize: 1 })).total;
    counted[s] = await em.count(PortalUser, { account, state: s === 'all' ? { $ne: 'deleted' } : s });
  }
  return { said, counted };
}

describe('user counts kept with the users (portal_user_counts, by triggers)', () => {
  it('match counting the rows after any sequence of adds, state changes, moves and removals', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const here = await newAccount(sb);
        const there = await newAccount(sb);
        const em = sb.orm.em.fork();
        const account = em.getReference(Account, here.account.id);
        const others = em.getReference(Account, there.account.id);
        const users: PortalUser[] = [];
        run++;
        for (const [i, s] of steps.entries()) {
          const target = 'pick' in s ? users[s.pick % Math.max(users.length, 1)] : undefined;
          if (s.kind === 'add') {
            const userId = `r${run}s${i}`;
            const user = makeUser(account, { userId, email: `${userId}@example.com`, state: s.state }, sb.clock.now());
            users.push(user);
            em.persist(user);
          } else if (target && s.kind === 'set') target.state = s.state;
          else if (target && s.kind === 'move') target.account = target.account.id === account.id ? others : account;
          else if (target && s.kind === 'remove') {
            users.splice(users.indexOf(target), 1);
            em.remove(target);
          }
          await em.flush();
        }
        for (const acc of [here, there]) {
          const { said, counted } = await totals(em.getReference(Account, acc.account.id), acc.actor);
          expect(said).toEqual(counted);
        }
      }),
      { numRuns: 15, seed: 2611 },
    );
  });

  it('follow a user from state to state', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    const user = makeUser(
      em.getReference(Account, acc.account.id),
      { userId: 'moving', email: 'm@example.com' },
      sb.clock.now(),
    );
    await em.persist(user).flush();
    for (const next of ['disabled', 'unconfirmed', 'deleted', 'enabled'] as const) {
      user.state = next;
      await em.flush();
      const { said, counted } = await totals(em.getReference(Account, acc.account.id), acc.actor);
      expect(said).toEqual(counted);
      expect(said[next]).toBe(next === 'enabled' ? 2 : 1);
    }
  });

  it('go when the account goes', async () => {
    const acc = await newAccount(sb);
    const em = sb.orm.em.fork();
    await em.nativeDelete(Account, { id: acc.account.id });
    const rows = await em
      .getConnection()
      .execute('select count(*) as n from portal_user_counts where account_id = ?', [acc.account.id]);
    expect(Number(rows[0].n)).toBe(0);
  });
});
