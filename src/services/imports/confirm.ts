import type { z } from 'zod/v4';
import { submitChange, type GateOutcome } from '../approvals/hold.js';
import type { Actor, ServiceDeps } from '../context.js';
import { importUsersOperation, type importUsersInput } from './operations.js';

export type ImportConfirmed = { id: string; state: 'queued'; rows: number };

/**
 * Confirms a previewed import through the approval gate (`submitChange`, as `ctx.run` does): it
 * is queued, and the runner woken at once; or it is held as one approval request, and queued
 * when approved (the runner hears of it from the approval events).
 */
export async function confirmImport(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof importUsersInput>,
): Promise<GateOutcome<ImportConfirmed>> {
  const outcome = await submitChange(deps, actor, importUsersOperation, input);
  if (outcome.kind === 'done') await deps.importEvents.wake(outcome.result.id);
  return outcome;
}
