import { createHash } from 'node:crypto';
import type { FormValues } from '../../views/form.js';
import type { CommitWithChange } from '../services/context.js';
import type { SubmissionLedger } from './once-only.js';

/** What carrying out a claimed submission came to: `done` keeps it carried out (repeats get `kept`), else it is released. */
export interface Carried<T, R> {
  outcome: T;
  done: boolean;
  kept?: R | null;
}

/** Ran here (its outcome), carried out before (what it kept), or being carried out by another attempt. */
export type Once<T, R> = { kind: 'ran'; outcome: T } | { kind: 'done'; result: R | null } | { kind: 'pending' };

/** The ledger's part that carrying out once needs. */
export type OnceLedger<R> = Pick<SubmissionLedger<R>, 'claim' | 'complete' | 'release'>;

/**
 * A form submission (a Slack modal view, a Teams form card), whatever the platform, carried out
 * once: claimed in the once-only ledger while `run` runs (waiting up to `waitMs` for an attempt
 * that holds it), released when it was not carried out (invalid, refused) or threw, so that the
 * corrected values can be sent. `run` gets `commitWith` for its context (`commitWithChange`): the
 * change it makes marks the submission carried out in its own transaction, so a crash after the
 * change commits cannot leave the submission free to run again. A submission that made no change,
 * or keeps something for repeats (a Teams card, made after the change), is marked after `run`.
 */
export async function carryOutOnce<T, R>(
  ledger: OnceLedger<R>,
  key: string,
  run: (commitWith: CommitWithChange) => Promise<Carried<T, R>>,
  waitMs = 0,
): Promise<Once<T, R>> {
  const claim = await ledger.claim(key, waitMs);
  if (claim.kind !== 'claimed') return claim;
  let markedInChange = false;
  const commitWith: CommitWithChange = async (em) => {
    await ledger.complete(key, null, em);
    markedInChange = true;
  };
  let carried: Carried<T, R>;
  try {
    carried = await run(commitWith);
  } catch (error) {
    // Releasing frees only a pending claim: one marked by a change that committed stays carried out.
    await ledger.release(key);
    throw error;
  }
  if (!carried.done) await ledger.release(key);
  else if (!markedInChange || carried.kept != null) await ledger.complete(key, carried.kept ?? null);
  return { kind: 'ran', outcome: carried.outcome };
}

/**
 * Submissions carried out once, with a submission of the same values while the first runs in
 * this process sharing its outcome (a double click gets the same field errors).
 */
export class SharedSubmissions<T, R = unknown> {
  private readonly running = new Map<string, Promise<Once<T, R>>>();

  constructor(
    private readonly ledger: OnceLedger<R>,
    /** How long a second attempt waits for one that holds the submission (at another replica): its outcome decides. */
    private readonly waitMs: number,
  ) {}

  /** The attempt already running here for these values, or `run` carried out once the submission is ours. */
  claim(
    key: string,
    values: FormValues,
    run: (commitWith: CommitWithChange) => Promise<Carried<T, R>>,
  ): { first: boolean; outcome: Promise<Once<T, R>> } {
    const attempt = `${key}:${createHash('sha256').update(JSON.stringify(values)).digest('base64url')}`;
    const existing = this.running.get(attempt);
    if (existing) return { first: false, outcome: existing };
    const outcome = carryOutOnce(this.ledger, key, run, this.waitMs).finally(() => this.running.delete(attempt));
    this.running.set(attempt, outcome);
    return { first: true, outcome };
  }
}
