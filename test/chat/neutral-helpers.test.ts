import { describe, expect, it } from 'vitest';
import { CachedLookup } from '../../src/lib/cached-lookup.js';
import { eachLimited } from '../../src/lib/each-limited.js';
import { decodeChatEntities } from '../../src/lib/html-entities.js';
import { choicesOf, valueText, type FieldDefinition, type FormDefinition, type OpenForm } from '../../views/form.js';
import { isOpen } from '../../views/replies/approval-notices.js';
import { notPortalUsersReply, tooManyMentionsReply } from '../../views/replies/mention-replies.js';

describe('CachedLookup', () => {
  it('looks a key up once while it is asked for, keeps it for its TTL, and never caches a failure', async () => {
    let now = 0;
    let lookups = 0;
    const cache = new CachedLookup<string>(
      (v) => (v === 'short' ? 10 : 100),
      10,
      () => now,
    );
    const look = (value: string) => async () => (++lookups, value);
    const [a, b] = await Promise.all([cache.get('k', look('long')), cache.get('k', look('other'))]);
    expect([a, b, lookups]).toEqual(['long', 'long', 1]);
    expect(cache.peek('k')).toBe('long');
    await cache.get('s', look('short'));
    now = 50;
    expect(cache.peek('s'), 'its own TTL').toBeUndefined();
    expect(cache.peek('k')).toBe('long');
    await expect(cache.get('f', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('f', look('up'))).toBe('up');
  });
});

describe('eachLimited', () => {
  it('works on every item, never more than `width` at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});

describe('neutral form and reply helpers', () => {
  const field: FieldDefinition = {
    id: 'site',
    label: 'Site',
    kind: 'select',
    required: false,
    choices: [{ value: 'a', label: 'A' }],
  };
  const open = (choices: OpenForm['choices']): OpenForm => ({
    form: { id: 'f', title: 'F', fields: [field] } as unknown as FormDefinition,
    initial: {},
    metadata: {},
    choices,
  });

  it("a field's choices: those resolved when the form opened first, else its own", () => {
    expect(choicesOf(open({ site: [{ value: 'b', label: 'B' }] }), field)).toEqual([{ value: 'b', label: 'B' }]);
    expect(choicesOf(open({}), field)).toEqual([{ value: 'a', label: 'A' }]);
  });

  it('a value as text', () => {
    expect([valueText(undefined), valueText(['a', 'b']), valueText(true), valueText('x')]).toEqual([
      '',
      'a,b',
      'true',
      'x',
    ]);
  });

  it('a request is open while pending and not expired', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(isOpen({ state: 'pending', expiresAt: '2026-01-01T00:01:00Z' } as never, now)).toBe(true);
    expect(isOpen({ state: 'pending', expiresAt: '2025-12-31T23:59:00Z' } as never, now)).toBe(false);
    expect(isOpen({ state: 'denied', expiresAt: '2026-01-01T00:01:00Z' } as never, now)).toBe(false);
  });

  it('mention refusals name the platform and each person as typed', () => {
    expect(tooManyMentionsReply(101, 100).summary).toBe(
      'A command can mention at most 100 people; this one mentions 101. Split it into commands of 100 or fewer.',
    );
    const one = notPortalUsersReply('Slack', 'Acme', [{ shown: '@jo', email: null }]);
    expect(one.summary).toBe(
      '@jo is not a portal user of Acme: Slack has no verified email for them. ' +
        'Name them by portal User ID or email instead, or add them to the portal first.',
    );
    const two = notPortalUsersReply('Slack', 'Acme', [
      { shown: '@jo', email: 'jo@x.example' },
      { shown: '@al', email: null },
    ]);
    expect(two.summary).toContain('@jo, @al are not portal users of Acme.');
    expect(two.blocks[0]).toEqual({
      type: 'text',
      text: '@jo is not a portal user of Acme: no user there has their Slack email, jo@x.example.',
    });
  });
});

describe('decodeChatEntities', () => {
  it('decodes the entities chat platforms send, in one pass', () => {
    expect(decodeChatEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;&nbsp;f')).toBe('a & b <c> "d" \'e\' f');
    expect(decodeChatEntities('&amp;lt; stays &lt;')).toBe('&lt; stays <');
  });
});
