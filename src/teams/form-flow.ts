import { randomUUID } from 'node:crypto';
import { formHandler, openForm, submitForm, type CommandContext, type CommandResult } from '../../commands/index.js';
import { isServiceError } from '../domain/errors.js';
import type { OpenForm } from '../../views/form.js';
import { failure, type Reply } from '../../views/reply.js';
import type { AdaptiveCard } from './cards/elements.js';
import { renderFormCard, type FormSurface } from './cards/form-card.js';
import { renderReplyCard } from './cards/reply-card.js';
import { formValuesFrom } from '../../views/form-values.js';
import type { FormState } from './cards/verbs.js';
import { withDownloadLinks } from './files.js';
import { carryOutOnce } from '../chat/form-submissions.js';
import { runChatCommand } from '../chat/run-command.js';
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

/** Runs a command line as typed in Teams (no prefix); an unexpected failure is logged and answered politely. */
export async function runLine(ctx: CommandContext, line: string): Promise<CommandResult> {
  const result = await runChatCommand({ platform: 'teams', logger: ctx.deps.logger }, ctx, line, '');
  if (result.kind !== 'reply') return result;
  return { kind: 'reply', reply: await withDownloadLinks(ctx.deps, ctx.actor, result.reply) };
}

/** Opens the form of a card again (a refresh, a dialog from a card): fresh values, the same card id. */
export async function reopenForm(
  ctx: CommandContext,
  state: FormState,
): Promise<{ kind: 'form'; open: OpenForm; state: FormState } | { kind: 'reply'; reply: Reply }> {
  const result = await runLine(ctx, state.command);
  if (result.kind === 'reply') return result;
  if (result.open.form.id !== state.formId)
    return { kind: 'reply', reply: failure('This form has changed; run the command again.') };
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
  const handler = formHandler(state.formId, ctx.registry);
  if (!handler)
    return { kind: 'gone', message: `This form (${state.formId}) is no longer available; run the command again.` };
  const values = formValuesFrom(handler.form, data);
  try {
    const once = await carryOutOnce(completed, state.cardId, async (commitWith) => {
      const outcome = await submitForm({ ...ctx, commitWithChange: commitWith }, state.formId, values, state.metadata);
      if (outcome.ok) {
        const publicCard = renderReplyCard(outcome.reply, { audience: 'everyone' });
        const requesterCard = renderReplyCard(outcome.reply, { audience: 'requester' });
        const done: Submission = { kind: 'done', reply: outcome.reply, publicCard, requesterCard };
        return { outcome: done, done: true, kept: publicCard };
      }
      const open = await openForm(ctx, handler.form, values, state.metadata);
      const card = renderFormCard(open, {
        surface: options.surface,
        state,
        values,
        errors: outcome.errors,
        message: outcome.message,
        refreshUserIds: options.refreshUserIds,
      });
      return { outcome: { kind: 'invalid', card } as Submission, done: false };
    });
    if (once.kind === 'ran') return once.outcome;
    return once.kind === 'done' && once.result ? { kind: 'already', card: once.result } : { kind: 'busy' };
  } catch (error) {
    if (isServiceError(error)) return { kind: 'gone', message: error.message };
    throw error;
  }
}
