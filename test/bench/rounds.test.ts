import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../scripts/bench/load.js';
import { perRound, rowOfTurns, sharesByRound, turnOrder, type Turn } from '../../scripts/bench/rounds.js';

/**
 * A turn of `requests` requests over `seconds`, each answered in the given ms (in turn), `errors` of
 * them failed; the first `opening` of them opened their connection.
 */
function turn(
  requests: number,
  seconds: number,
  acks: number[],
  extra: Partial<Turn> = {},
  errors = 0,
  opening = 0,
): Turn {
  const sent = Array.from({ length: requests }, (_, n) => ({
    n,
    sentAt: n,
    ms: acks[n % acks.length]!,
    withBody: true,
    newConnection: n < opening,
  }));
  const load: LoadResult = {
    requests,
    errors,
    errorSamples: errors ? { 'HTTP 500': errors } : {},
    seconds,
    perSecond: (requests - errors) / seconds,
    ack: { p50: NaN, p99: NaN, max: NaN },
    sent,
  };
  return { load, late: 0, cpuMs: requests * 2, mainThreadMs: requests, ...extra };
}

const label = { scenario: 'slack users', what: 'users', target: 'Switchboard', concurrency: 20, limitMs: 3000 };

describe('bench rounds', () => {
  it('takes turns: the yardstick first in even rounds, Switchboard first in odd ones', () => {
    expect([0, 1, 2, 3].map(turnOrder)).toEqual([
      ['yardstick', 'switchboard'],
      ['switchboard', 'yardstick'],
      ['yardstick', 'switchboard'],
      ['switchboard', 'yardstick'],
    ]);
  });

  it('shares seconds evenly and requests in whole numbers, at least one', () => {
    expect(perRound(10, 4)).toBe(2.5);
    expect(perRound(50, 4, true)).toBe(13);
    expect(perRound(1, 4, true)).toBe(1);
  });

  it('adds the turns up: requests, errors and CPU summed, req/s over all the seconds, percentiles over every request', () => {
    const slow = turn(100, 1, [40]);
    const fast = turn(300, 1, [10], {}, 3);
    const row = rowOfTurns([slow, fast], label);
    expect(row.requests).toBe(400);
    expect(row.errors).toBe(3);
    expect(row.errorSamples).toEqual({ 'HTTP 500': 3 });
    expect(row.perSecond).toBe(397 / 2);
    expect(row.cpuMsPerRequest).toBe(2);
    expect(row.mainThreadMsPerRequest).toBe(1);
    expect(row.ack.p50).toBe(10);
    expect(row.ack.p99).toBe(40);
    expect(row.requestsByRound).toEqual([100, 300]);
    expect(row.answer).toBeUndefined();
  });

  it('gives the percentiles over open connections apart: without the requests that opened one', () => {
    // In each turn, the first two requests opened a connection and waited for the server to accept it.
    const acks = (opening: number[], rest: number) => [...opening, ...Array<number>(98).fill(rest)];
    const row = rowOfTurns(
      [turn(100, 1, acks([300, 250], 10), {}, 0, 2), turn(100, 1, acks([400, 350], 20), {}, 0, 2)],
      label,
    );
    expect(row.ack.p99).toBe(350);
    expect(row.ack.max).toBe(400);
    expect(row.ackOverOpenConnections).toEqual({ p50: 20, p99: 20, max: 20, requests: 196, leftOut: 4 });
  });

  it('gives no open-connection percentiles when every request opened its connection', () => {
    expect(rowOfTurns([turn(3, 1, [5], {}, 0, 3)], label).ackOverOpenConnections).toBeUndefined();
  });

  it('counts the requests a later answer never came for as errors, and merges the answers', () => {
    const answers = (times: number[], unanswered: number) => ({
      answers: { times, unanswered, how: 'by response_url' },
    });
    const row = rowOfTurns([turn(3, 1, [5], answers([7, 9], 1)), turn(2, 1, [5], answers([8, 30], 0))], label);
    expect(row.errors).toBe(1);
    expect(row.errorSamples).toEqual({ 'no answer (by response_url) within 5 s': 1 });
    expect(row.answer).toEqual({ p50: 9, p99: 30, max: 30, answered: 4, unanswered: 1, how: 'by response_url' });
  });

  it("gives Switchboard's share of its yardstick's req/s in each round", () => {
    const board = [turn(100, 1, [1]), turn(300, 1, [1])];
    const bare = [turn(400, 1, [1]), turn(400, 1, [1])];
    expect(sharesByRound(board, bare)).toEqual([25, 75]);
  });
});
