import { describe, expect, it } from 'vitest';
import type { CommandContext, CommandResult } from '../../commands/index.js';
import { decideFromCard } from '../../src/chat/approval-decision.js';
import { failure } from '../../views/reply.js';

// The decided path (the request read back, the notes) is covered through both adapters (test/chat/adapters.test.ts, test/teams).
describe('decideFromCard', () => {
  const ctx = { deps: {} } as unknown as CommandContext;
  const lines: string[] = [];
  const answering =
    (result: CommandResult) =>
    async (line: string): Promise<CommandResult> => (lines.push(line), result);

  it('runs the same command as everywhere; a refusal (no effect) is said to the one who clicked', async () => {
    const run = answering({ kind: 'reply', reply: failure('You cannot approve your own request.') });
    expect(await decideFromCard(ctx, run, 'r1', 'approve')).toEqual({
      kind: 'refused',
      message: 'You cannot approve your own request.',
    });
    expect(lines.at(-1)).toBe('approvals approve r1');
  });

  it('Deny without a reason asks for it', async () => {
    const open = { form: {}, initial: {}, metadata: {}, choices: {} } as never;
    expect(await decideFromCard(ctx, answering({ kind: 'form', open }), 'r2', 'deny')).toEqual({ kind: 'ask-reason' });
    expect(lines.at(-1)).toBe('approvals deny r2');
  });
});
