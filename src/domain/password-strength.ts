import type { Match, ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * Guesses an attacker needs, as a power of ten, below which a password is refused: zxcvbn's
 * score 4 ("very unguessable"), 10^10 guesses.
 */
export const MIN_GUESSES_LOG10 = 10;

/** At least this share of a password in runs and repeats (see `predictableMarks`) makes it predictable, whatever the estimate. */
export const MAX_PREDICTABLE_SHARE = 0.5;

/** Why a password is guessable: the owner's words, the breached-password corpus, or a pattern. */
export type Weakness = 'identity' | 'breached' | 'pattern';

let estimator: Promise<ZxcvbnFactory> | null = null;

/**
 * zxcvbn-ts with the breached-password corpus of @zxcvbn-ts/language-common (the 49,233 most
 * common passwords of leaked password sets) and its keyboard layouts. Loaded with the first
 * password check, not at start-up: it costs about 7 MB of heap (16 MB resident) and 0.2-0.3 s once.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')])
    .then(
      ([{ ZxcvbnFactory: Factory }, common]) =>
        new Factory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
    )
    .catch((error: unknown) => {
      estimator = null;
      throw error;
    });
  return estimator;
}

/** Whether the corpus has been loaded (by a first password check). */
export function passwordCorpusLoaded(): boolean {
  return estimator !== null;
}

function weaknessOf(match: Match): Weakness | null {
  if (match.pattern === 'dictionary') return match.dictionaryName === 'userInputs' ? 'identity' : 'breached';
  if (match.pattern === 'bruteforce' || match.pattern === 'separator') return null;
  return 'pattern';
}

const ALPHABETS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** -1, 0 or +1 when `b` follows `a` in a sequence (digits and letters wrap around: 9 to 0, z to a), else null. */
function step(a: string, b: string): number | null {
  if (a === b) return 0;
  for (const alphabet of ALPHABETS) {
    const from = alphabet.indexOf(a);
    const to = alphabet.indexOf(b);
    if (from < 0 || to < 0) continue;
    const ahead = (to - from + alphabet.length) % alphabet.length;
    return ahead === 1 ? 1 : ahead === alphabet.length - 1 ? -1 : null;
  }
  const apart = b.codePointAt(0)! - a.codePointAt(0)!;
  return Math.abs(apart) === 1 ? apart : null;
}

/** Marks runs of 3 or more characters with one step of -1, 0 or +1: `1234567890123`, `zyxwv`, `aaaa`. */
function markRuns(chars: string[], marked: boolean[]): void {
  let start = 0;
  let runStep: number | null = null;
  const close = (end: number) => {
    if (end - start >= 3) marked.fill(true, start, end);
  };
  for (let i = 1; i < chars.length; i++) {
    const next = step(chars[i - 1]!, chars[i]!);
    if (next !== null && (runStep === null || next === runStep)) {
      runStep = next;
      continue;
    }
    close(i);
    start = next === null ? i : i - 1;
    runStep = next;
  }
  close(chars.length);
}

/** Marks a group of characters written twice or more in a row: `kakaka`, `abcabc`, `monkeymonkey`. */
function markRepeats(chars: string[], marked: boolean[]): void {
  for (let period = 2; period * 2 <= chars.length; period++) {
    let same = 0;
    for (let i = period; i <= chars.length; i++) {
      if (i < chars.length && chars[i] === chars[i - period]) {
        same += 1;
        continue;
      }
      if (same >= period) marked.fill(true, i - same - period, i);
      same = 0;
    }
  }
}

/**
 * Which of a password's characters lie in runs or repeated groups. zxcvbn underrates some of
 * them: long runs that wrap around (`...7890123...`), a repeat that overlaps a word.
 */
function predictableMarks(chars: string[]): boolean[] {
  const marked = new Array<boolean>(chars.length).fill(false);
  markRuns(chars, marked);
  markRepeats(chars, marked);
  return marked;
}

type Estimate = ReturnType<ZxcvbnFactory['check']>;

/**
 * Of the owner's words, the corpus and patterns, the one that covers most of the password (in
 * that order on a tie); null when none covers any of it.
 */
function mostCovered(estimate: Estimate): Weakness | null {
  const covered: Record<Weakness, number> = { identity: 0, breached: 0, pattern: 0 };
  for (const match of estimate.sequence) {
    const weakness = weaknessOf(match);
    if (weakness) covered[weakness] += match.j - match.i + 1;
  }
  const order: Weakness[] = ['identity', 'breached', 'pattern'];
  const best = order.reduce((best, next) => (covered[next] > covered[best] ? next : best));
  return covered[best] > 0 ? best : null;
}

/**
 * Null when the password needs at least 10^10 guesses, is less than half runs and repeats, and
 * what is left without its runs and repeats is no easier to guess; else what makes it guessable:
 * of the owner's words, the corpus and patterns (sequences, repeats, keyboard runs, dates), the
 * one that covers most of it (the owner's words first, then the corpus, on a tie).
 *
 * What is left matters where zxcvbn misses a repeat: in `1472583699a9a9a9a` it reads the repeat
 * after a leaked password as random characters (its repeat starts at the password's last `9`),
 * 10^11 guesses; without the repeat it is the leaked password, 10^3.
 */
export async function guessability(password: string, ownerWords: string[]): Promise<Weakness | null> {
  const zxcvbn = await loadEstimator();
  const estimate = zxcvbn.check(password, ownerWords);
  if (estimate.guessesLog10 < MIN_GUESSES_LOG10) return mostCovered(estimate) ?? 'pattern';
  const chars = [...password];
  const marked = predictableMarks(chars);
  const predictable = marked.filter(Boolean).length;
  if (predictable >= MAX_PREDICTABLE_SHARE * chars.length) return 'pattern';
  if (predictable === 0) return null;
  const rest = zxcvbn.check(chars.filter((_, i) => !marked[i]).join(''), ownerWords);
  // A rest of random characters alone is not refused: its padding still adds to what is guessed.
  return rest.guessesLog10 < MIN_GUESSES_LOG10 ? mostCovered(rest) : null;
}
