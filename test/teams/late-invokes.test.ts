import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { registryWith } from '../support/registry.js';
import type { FormDefinition } from '../../views/form.js';
import { success } from '../../views/reply.js';
import { VERBS, type FormState } from '../../src/teams/cards/verbs.js';
import {
  cardText,
  executeActivity,
  invokeActivity,
  messageActivity,
  startTeamsTest,
  type TeamsTest,
} from './support.js';

/** A form whose work takes longer than the invoke budget. */
const slowForm: FormDefinition = {
  id: 'test-slow',
  title: 'Slow',
  submitLabel: 'Go',
  fields: [{ id: 'note', label: 'Note', kind: 'text', required: false }],
  schema: z.object({ note: z.string().optional() }),
};
let runs = 0;
const registry = registryWith({
  forms: [
    {
      form: slowForm,
      async submit(_ctx, input) {
        runs++;
        await sleep(1_500);
        return success(`Slow work done: ${(input as { note?: string }).note ?? ''}`);
      },
    },
  ],
});

let t: TeamsTest;
beforeAll(async () => {
  t = await startTeamsTest({ invokeBudgetMs: 100, registry });
  await t.bot.post(messageActivity({ connector: t.connector, from: t.admin }, 'help')); // warm up: first lookups, first turn
});
afterAll(async () => t?.close());

const state = (cardId: string): FormState => ({
  formId: slowForm.id,
  cardId,
  command: 'help',
  metadata: {},
  requester: t.admin.id,
});

async function eventually<T>(probe: () => T | undefined, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('invokes answer within their budget; slower work reports back', () => {
  it('a card submission past the budget answers at once, then replaces the card when the work is done', async () => {
    const started = Date.now();
    const action = { type: 'Action.Execute', verb: VERBS.formSubmit, data: { sb: state('slow-card-1') } };
    const response = await t.bot.post(
      executeActivity({ connector: t.connector, from: t.admin, replyToId: 'message-1' }, action, { note: 'first' }),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Still working on it; the result will replace this card.',
    });
    const update = await eventually(() => t.connector.updated().find((c) => c.path.endsWith('/activities/message-1')));
    expect(cardText(update.body)).toContain('Slow work done: first');
    expect(runs).toBe(1);
  });

  it('a dialog submission past the budget closes with a message, then posts the confirmation', async () => {
    const before = t.connector.posted().length;
    const response = await t.bot.post(
      invokeActivity(
        { connector: t.connector, from: t.admin, conversationType: 'groupChat', conversationId: '19:slow@thread.v2' },
        'composeExtension/submitAction',
        {
          commandId: 'x',
          data: { verb: VERBS.dialogSubmit, sb: state('slow-card-2'), note: 'second' },
        },
      ),
    );
    expect(response.body).toEqual({
      task: { type: 'message', value: 'Still working on it; the result will be posted in this conversation.' },
    });
    const posted = await eventually(() =>
      t.connector.posted().length > before ? t.connector.posted().at(-1) : undefined,
    );
    expect(cardText(posted)).toContain('Slow work done: second');
  });

  it('a card clicked twice while its work runs is carried out once', async () => {
    const action = { type: 'Action.Execute', verb: VERBS.formSubmit, data: { sb: state('slow-card-3') } };
    const where = { connector: t.connector, from: t.admin, replyToId: 'message-3' };
    const runsBefore = runs;
    const [a, b] = await Promise.all([
      t.bot.post(executeActivity(where, action, { note: 'x' })),
      t.bot.post(executeActivity(where, action, { note: 'x' })),
    ]);
    expect([a.body.value, b.body.value]).toContain('This form is being submitted already.');
    await eventually(() => t.connector.updated().find((c) => c.path.endsWith('/activities/message-3')));
    expect(runs - runsBefore).toBe(1);
  });
});
