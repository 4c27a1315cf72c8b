import { randomUUID } from 'node:crypto';
import {
  formHandler,
  openForm,
  runCommandLine,
  submitForm,
  type CommandContext,
  type CommandResult,
} from '../../commands/index.js';
import { isServiceError } from '../domain/errors.js';
import type { OpenForm } from '../../views/form.js';
import type { Reply } from '../../views/reply.js';
import type { AdaptiveCard } from './cards/elements.js';
import { renderFormCard, type FormSurface } from './cards/form-card.js';
import { renderReplyCard } from './cards/reply-card.js';
import { formValuesFrom } from './cards/values.js';
import type { FormState } from './cards/verbs.js';
import type { SubmissionLedger } from '../chat/once-only.js';

export function newFormState(open: OpenForm, command: string, requester: string | undefined): FormState {
  return {
    formId: open.form.id,
    cardId: randomUUID(),
    command,
    metadata: open.metadata,
    ...(requester ? { requester } : {}),
  };
}

/** Runs a command line as typed in Teams (no prefix). */
export function runLine(ctx: CommandContext, line: string): Promise<CommandResult> {
  return runCommandLine(ctx, line, { prefix: '' });
}

/** Opens the form of a card again (a refresh, a dialog from a card): fresh values, the same card id. */
export async function reopenForm(
  ctx: CommandContext,
  state: FormState,
): Promise<{ kind: 'form'; open: OpenForm; state: FormState } | { kind: 'reply'; reply: Reply }> {
  const result = await runLine(ctx, state.command);
  if (result.kind === 'reply') return result;
  if (result.open.form.id !== state.formId)
    return {
      kind: 'reply',
      reply: {
        visibility: 'private',
        tone: 'error',
        summary: 'This form has changed; run the command again.',
        blocks: [{ type: 'text', text: 'This form has changed; run the command again.' }],
      },
    };
  return { kind: 'form', open: result.open, state: { ...state, metadata: result.open.metadata } };
}

export type Submission =
  /** Not valid: the form again, errors by their fields, values kept. */
  | { kind: 'invalid'; card: AdaptiveCard }
  /** Carried out: the confirmation for everyone, and for the requester (with any secret). */
  | { kind: 'done'; reply: Reply; publicCard: AdaptiveCard; requesterCard: AdaptiveCard }
  /** This card was submitted before: nothing changes; its confirmation again. */
  | { kind: 'already'; card: AdaptiveCard }
  | { kind: 'busy' }
  | { kind: 'gone'; message: string };

export interface SubmitOptions {
  surface: FormSurface;
  /** Universal Actions refresh for the re-rendered form (conversation cards in group chats and channels). */
  refreshUserIds?: string[];
}

/**
 * Submits a form card: validated with the form's zod schema through `submitForm`, carried out
 * once per card id.
 */
export async function submitFormCard(
  ctx: CommandContext,
  completed: SubmissionLedger<AdaptiveCard>,
  state: FormState,
  data: Record<string, unknown>,
  options: SubmitOptions,
): Promise<Submission> {
  const handler = formHandler(state.formId);
  if (!handler)
    return { kind: 'gone', message: `This form (${state.formId}) is no longer available; run the command again.` };
  const claim = await completed.claim(state.cardId);
  if (claim.kind === 'done' && claim.result) return { kind: 'already', card: claim.result };
  if (claim.kind !== 'claimed') return { kind: 'busy' };
  try {
    const values = formValuesFrom(handler.form, data);
    const outcome = await submitForm(ctx, state.formId, values, state.metadata);
    if (outcome.ok) {
      const publicCard = renderReplyCard(outcome.reply, { audience: 'everyone' });
      await completed.complete(state.cardId, publicCard);
      return {
        kind: 'done',
        reply: outcome.reply,
        publicCard,
        requesterCard: renderReplyCard(outcome.reply, { audience: 'requester' }),
      };
    }
    await completed.release(state.cardId);
    const open = await openForm(ctx, handler.form, values, state.metadata);
    const card = renderFormCard(open, {
      surface: options.surface,
      state,
      values,
      errors: outcome.errors,
      message: outcome.message,
      refreshUserIds: options.refreshUserIds,
    });
    return { kind: 'invalid', card };
  } catch (error) {
    await completed.release(state.cardId);
    if (isServiceError(error)) return { kind: 'gone', message: error.message };
    throw error;
  }
}
