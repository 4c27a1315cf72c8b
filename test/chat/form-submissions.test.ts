import type { EntityManager } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { carryOutOnce, SharedSubmissions, type OnceLedger } from '../../src/chat/form-submissions.js';
import type { SubmissionClaim } from '../../src/chat/once-only.js';
import { chunkLines, clip } from '../../src/lib/text-fit.js';
import { notSavedReply } from '../../views/replies/form-outcome.js';
import type { FormDefinition } from '../../views/form.js';

/** An in-memory once-only ledger: claimed, done (with what it kept) or free, by key. */
class FakeLedger implements OnceLedger<string> {
  readonly held = new Map<string, SubmissionClaim<string>>();
  async claim(key: string): Promise<SubmissionClaim<string>> {
    const held = this.held.get(key);
    if (held) return held.kind === 'done' ? held : { kind: 'pending' };
    this.held.set(key, { kind: 'pending' });
    return { kind: 'claimed' };
  }
  /** Each completion, and whether it was written in a change's transaction (given an entity manager). */
  readonly completions: { key: string; result: string | null; inChange: boolean }[] = [];
  async complete(key: string, result: string | null = null, em?: EntityManager): Promise<void> {
    this.completions.push({ key, result, inChange: em !== undefined });
    this.held.set(key, { kind: 'done', result });
  }
  /** As the ledger's: only a pending claim is freed. */
  async release(key: string): Promise<void> {
    if (this.held.get(key)?.kind === 'pending') this.held.delete(key);
  }
}

/** Stands in for a change's transaction: the ledger here only needs to see that one was given. */
const changeTransaction = {} as EntityManager;

describe('carryOutOnce', () => {
  it('carries a submission out once; a repeat gets what the first kept', async () => {
    const ledger = new FakeLedger();
    let runs = 0;
    const run = async () => ({ outcome: ++runs, done: true, kept: 'card' });
    expect(await carryOutOnce(ledger, 'k', run)).toEqual({ kind: 'ran', outcome: 1 });
    expect(await carryOutOnce(ledger, 'k', run)).toEqual({ kind: 'done', result: 'card' });
    expect(runs).toBe(1);
  });

  it('releases a submission that was not carried out (invalid, refused) or threw, so it may be sent again', async () => {
    const ledger = new FakeLedger();
    expect(await carryOutOnce(ledger, 'k', async () => ({ outcome: 'invalid', done: false }))).toEqual({
      kind: 'ran',
      outcome: 'invalid',
    });
    await expect(carryOutOnce(ledger, 'k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(ledger.held.has('k')).toBe(false);
    expect(await carryOutOnce(ledger, 'k', async () => ({ outcome: 'ok', done: true }))).toEqual({
      kind: 'ran',
      outcome: 'ok',
    });
  });

  it("a change marks its submission carried out in the change's transaction; nothing is written after", async () => {
    const ledger = new FakeLedger();
    const once = await carryOutOnce(ledger, 'k', async (commitWith) => {
      await commitWith(changeTransaction);
      return { outcome: 'added', done: true };
    });
    expect(once).toEqual({ kind: 'ran', outcome: 'added' });
    expect(ledger.completions).toEqual([{ key: 'k', result: null, inChange: true }]);
  });

  it('what a submission keeps for repeats (made after its change) is written after it', async () => {
    const ledger = new FakeLedger();
    await carryOutOnce(ledger, 'k', async (commitWith) => {
      await commitWith(changeTransaction);
      return { outcome: 'added', done: true, kept: 'card' };
    });
    expect(ledger.completions.map((c) => [c.result, c.inChange])).toEqual([
      [null, true],
      ['card', false],
    ]);
    expect(await carryOutOnce(ledger, 'k', async () => ({ outcome: 'again', done: true }))).toEqual({
      kind: 'done',
      result: 'card',
    });
  });

  it('a submission whose change was made stays carried out when what follows the change fails', async () => {
    const ledger = new FakeLedger();
    const died = carryOutOnce(ledger, 'k', async (commitWith) => {
      await commitWith(changeTransaction);
      throw new Error('the reply could not be made');
    });
    await expect(died).rejects.toThrow('the reply could not be made');
    let ranAgain = false;
    const again = await carryOutOnce(ledger, 'k', async () => ((ranAgain = true), { outcome: 1, done: true }));
    expect(again).toEqual({ kind: 'done', result: null });
    expect(ranAgain).toBe(false);
  });

  it('leaves a submission another attempt holds alone', async () => {
    const ledger = new FakeLedger();
    await ledger.claim('k');
    let ran = false;
    const once = await carryOutOnce(ledger, 'k', async () => ((ran = true), { outcome: 1, done: true }));
    expect(once).toEqual({ kind: 'pending' });
    expect(ran).toBe(false);
  });
});

describe('SharedSubmissions', () => {
  it('a submission of the same values while the first runs shares its outcome; other values wait their turn', async () => {
    const shared = new SharedSubmissions<string, string>(new FakeLedger(), 0);
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const run = async () => (await gate, { outcome: 'errors', done: false });
    const first = shared.claim('view:1', { a: 'x' }, run);
    const again = shared.claim('view:1', { a: 'x' }, run);
    const other = shared.claim('view:1', { a: 'y' }, run);
    expect([first.first, again.first, other.first]).toEqual([true, false, true]);
    expect(again.outcome).toBe(first.outcome);
    finish();
    expect(await first.outcome).toEqual({ kind: 'ran', outcome: 'errors' });
    expect(await other.outcome, 'the view was held by the first').toEqual({ kind: 'pending' });
  });
});

describe('notSavedReply', () => {
  const form = {
    id: 'f',
    title: 'Add user',
    fields: [{ id: 'email', label: 'Email', kind: 'text' }],
  } as FormDefinition;
  it('names each problem by its field label', () => {
    const reply = notSavedReply(form, 'Check the fields.', [{ field: 'email', message: 'Not an email' }]);
    expect(reply.tone).toBe('error');
    expect(reply.summary).toBe('Add user: not saved. Check the fields.');
    expect(reply.blocks[1]).toEqual({ type: 'fields', fields: [{ label: 'Email', value: 'Not an email' }] });
    expect(notSavedReply(form, 'Refused.').blocks).toEqual([{ type: 'text', text: 'Add user: not saved. Refused.' }]);
  });
});

describe('text fitting', () => {
  it('clips without splitting a surrogate pair, and chunks at line breaks', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(chunkLines(['aaa', 'bbb', 'cc'], 7)).toEqual(['aaa\nbbb', 'cc']);
  });
});
