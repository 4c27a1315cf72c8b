/**
 * A scenario's measured load, split into rounds that take turns between Switchboard and its
 * yardstick: yardstick first in even rounds, Switchboard first in odd ones. The machine's speed
 * drifts (other work on the host, the CPU's clock): one yardstick turn followed by one Switchboard
 * turn put that drift in the share, by a third in either direction on the same build. Taking turns
 * spreads it over both. The turns of a target add up to its row: requests and CPU summed,
 * percentiles over every request of every round.
 */
import { stats, type LoadResult, type Stats } from './load.js';
import type { Row } from './report.js';

/** One target's turn in one round: its load, and what its serving process spent meanwhile. */
export interface Turn {
  load: LoadResult;
  /** Later answers (response_url posts, connector replies): ms from each request, and requests never answered. */
  answers?: { times: number[]; unanswered: number; how: string };
  /** Requests answered after the platform's deadline. */
  late: number;
  /** The serving process's CPU ms over the turn, all threads and the main thread. */
  cpuMs: number;
  mainThreadMs: number;
}

/** In which order round `round` (from 0) runs the two targets. */
export function turnOrder(round: number): ('yardstick' | 'switchboard')[] {
  return round % 2 === 0 ? ['yardstick', 'switchboard'] : ['switchboard', 'yardstick'];
}

/** `total` requests or seconds shared between `rounds`: each round's part, at least 1 request. */
export const perRound = (total: number, rounds: number, whole = false) =>
  whole ? Math.max(1, Math.ceil(total / rounds)) : total / rounds;

function mergedSamples(turns: Turn[]): Record<string, number> {
  const samples: Record<string, number> = {};
  for (const turn of turns)
    for (const [message, count] of Object.entries(turn.load.errorSamples))
      samples[message] = (samples[message] ?? 0) + count;
  for (const turn of turns)
    if (turn.answers && turn.answers.unanswered > 0) {
      const key = `no answer (${turn.answers.how}) within 5 s`;
      samples[key] = (samples[key] ?? 0) + turn.answers.unanswered;
    }
  return samples;
}

function mergedAnswers(turns: Turn[]): Row['answer'] {
  const answered = turns.flatMap((t) => (t.answers ? [t.answers] : []));
  if (answered.length === 0) return undefined;
  const times = answered.flatMap((a) => a.times);
  const unanswered = answered.reduce((sum, a) => sum + a.unanswered, 0);
  const merged: Stats = stats(times);
  return { ...merged, answered: times.length, unanswered, how: answered[0]!.how };
}

/** One target's row from its turns (in round order). */
export function rowOfTurns(
  turns: Turn[],
  row: Pick<Row, 'scenario' | 'what' | 'target' | 'concurrency' | 'limitMs'>,
): Row {
  const sum = (of: (t: Turn) => number) => turns.reduce((total, t) => total + of(t), 0);
  const requests = sum((t) => t.load.requests);
  const seconds = sum((t) => t.load.seconds);
  const answers = mergedAnswers(turns);
  const sent = turns.flatMap((t) => t.load.sent);
  const overOpen = sent.filter((s) => !s.newConnection).map((s) => s.ms);
  return {
    ...row,
    requests,
    errors: sum((t) => t.load.errors) + (answers?.unanswered ?? 0),
    errorSamples: mergedSamples(turns),
    late: sum((t) => t.late),
    perSecond: seconds > 0 ? sum((t) => t.load.perSecond * t.load.seconds) / seconds : 0,
    cpuMsPerRequest: sum((t) => t.cpuMs) / (requests || 1),
    mainThreadMsPerRequest: sum((t) => t.mainThreadMs) / (requests || 1),
    ack: stats(sent.map((s) => s.ms)),
    ...(overOpen.length > 0
      ? {
          ackOverOpenConnections: {
            ...stats(overOpen),
            requests: overOpen.length,
            leftOut: sent.length - overOpen.length,
          },
        }
      : {}),
    ...(answers ? { answer: answers } : {}),
    requestsByRound: turns.map((t) => t.load.requests),
  };
}

/** Switchboard's share of its yardstick's requests a second in each round, in %. */
export function sharesByRound(board: Turn[], bare: Turn[]): number[] {
  return board.map((turn, i) => (100 * turn.load.perSecond) / (bare[i]?.load.perSecond ?? NaN));
}
