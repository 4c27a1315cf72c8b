import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { formHandler, type CommandContext } from '../../commands/index.js';
import type { OpenForm } from '../../views/form.js';
import { pickUserForm } from '../../views/forms/pick-user.js';
import { failure, hasSecret } from '../../views/reply.js';
import { renderFormCard } from './cards/form-card.js';
import { renderReplyCard } from './cards/reply-card.js';
import { isFormState, mayFillIn, ONLY_REQUESTER, VERBS, type FormState } from './cards/verbs.js';
import { findDialogCommand } from './command-catalog.js';
import { newFormState, reopenForm, runLine, submitFormCard } from './form-flow.js';
import { answerInvoke, type Plan } from './invoke.js';
import { cardActivity, dialogContinue, dialogMessage } from './respond.js';
import type { TeamsRouter } from './router.js';
import { openTurn, type TeamsState } from './turn.js';

const pickOpen = (user = ''): OpenForm => ({ form: pickUserForm, initial: { user }, metadata: {}, choices: {} });
const quoted = (word: string) => `"${word.replace(/(["\\])/g, '\\$1')}"`;
const problemCard = (message: string) =>
  dialogContinue('Switchboard', renderReplyCard(failure(message), { audience: 'requester' }));

function formDialog(open: OpenForm, state: FormState) {
  return dialogContinue(open.form.title, renderFormCard(open, { surface: 'dialog', state }));
}

/** Opens a command's form as a dialog: the form, the "which user" step first, or the command's answer. */
async function openDialog(ctx: CommandContext, line: string, requester: string, needsUser: boolean): Promise<unknown> {
  if (needsUser) {
    const state: FormState = { formId: pickUserForm.id, cardId: randomUUID(), command: line, metadata: {} };
    return dialogContinue(
      pickUserForm.title,
      renderFormCard(pickOpen(), { surface: 'dialog', state, dialogVerb: VERBS.dialogPick }),
    );
  }
  const result = await runLine(ctx, line);
  if (result.kind === 'reply')
    return dialogContinue('Switchboard', renderReplyCard(result.reply, { audience: 'requester' }));
  return formDialog(result.open, newFormState(result.open, line, requester));
}

/** The user was picked: the form about them, or the step again with the problem by the field. */
async function pickedUser(
  ctx: CommandContext,
  state: FormState,
  data: Record<string, unknown>,
  requester: string,
): Promise<unknown> {
  const user = String(data.user ?? '').trim();
  const again = (message: string) =>
    dialogContinue(
      pickUserForm.title,
      renderFormCard(pickOpen(user), {
        surface: 'dialog',
        state,
        values: { user },
        errors: [{ field: 'user', message }],
        dialogVerb: VERBS.dialogPick,
      }),
    );
  if (!user) return again('User is required');
  const line = `${state.command} ${quoted(user)}`;
  const result = await runLine(ctx, line);
  if (result.kind === 'reply') return again(result.reply.summary);
  return formDialog(result.open, newFormState(result.open, line, requester));
}

/** A dialog's form was submitted: invalid shows it again; valid closes it and posts the confirmation. */
/** `fromCard`: a dialog opened from a card (task/submit) replaces that card; one from the compose box posts. */
async function submittedForm(
  env: TeamsState,
  ctx: CommandContext,
  state: FormState,
  data: Record<string, unknown>,
  fromCard: boolean,
): Promise<Plan> {
  const outcome = await submitFormCard(ctx, env.completed, state, data, { surface: 'dialog' });
  switch (outcome.kind) {
    case 'invalid':
      return { body: dialogContinue(formTitle(env, state), outcome.card) };
    case 'already':
      return { body: dialogMessage('This form was submitted already; nothing changed.') };
    case 'busy':
      return { body: dialogMessage('This form is being submitted already.') };
    case 'gone':
      return { body: problemCard(outcome.message) };
    case 'done': {
      const secret = hasSecret(outcome.reply);
      // A generated secret is shown in the dialog only; the conversation gets the confirmation without it.
      const inDialog = dialogContinue('Done', outcome.requesterCard);
      return {
        body: secret ? inDialog : undefined,
        post: fromCard ? [] : [cardActivity(outcome.publicCard, outcome.reply.summary)],
        replace: fromCard ? { card: outcome.publicCard, summary: outcome.reply.summary } : undefined,
        fallbackBody: inDialog,
        effects: outcome.reply.effects,
      };
    }
  }
}

function formTitle(env: TeamsState, state: FormState): string {
  return formHandler(state.formId, env.registry)?.form.title ?? 'Switchboard';
}

async function submitDialog(env: TeamsState, context: TurnContext, data: Record<string, unknown>): Promise<Plan> {
  const state = data.sb;
  if (!isFormState(state))
    return { body: problemCard('This dialog is from an older version of Switchboard; open it again.') };
  if (!mayFillIn(state, context.activity.from?.id)) return { body: dialogMessage(ONLY_REQUESTER) };
  // Read before the first await: a late result is delivered after the turn's context is gone.
  const fromCard = context.activity.name === 'task/submit' && Boolean(context.activity.replyToId);
  const turn = await openTurn(env, context);
  if (!turn.ok) return { body: problemCard(turn.message) };
  if (data.verb === VERBS.dialogPick) return { body: await pickedUser(turn.ctx, state, data, turn.requester) };
  return submittedForm(env, turn.ctx, state, data, fromCard);
}

const STILL_WORKING = dialogMessage('Still working on it; the result will be posted in this conversation.');
const dataOf = (context: TurnContext) =>
  (context.activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};

/**
 * Dialogs (task modules): message-extension action commands open a command's form from the
 * compose box (`composeExtension/fetchTask`, `.../submitAction`); a card's "Open the form"
 * opens it from the conversation (`task/fetch`, `task/submit`).
 */
export function registerDialogs(router: TeamsRouter, env: TeamsState): void {
  router.invoke('composeExtension/fetchTask', async (context) => {
    const commandId = String((context.activity.value as { commandId?: string } | undefined)?.commandId ?? '');
    await answerInvoke(
      env,
      context,
      async () => {
        const command = findDialogCommand(commandId, env.registry);
        if (!command) return { body: problemCard(`Unknown action "${commandId}"; update the Switchboard app.`) };
        const turn = await openTurn(env, context);
        if (!turn.ok) return { body: problemCard(turn.message) };
        return { body: await openDialog(turn.ctx, command.words.join(' '), turn.requester, command.needsUser) };
      },
      STILL_WORKING,
    );
  });

  router.invoke('task/fetch', async (context) => {
    await answerInvoke(
      env,
      context,
      async () => {
        const state = dataOf(context).sb;
        if (!isFormState(state))
          return { body: problemCard('This card is from an older version of Switchboard; run the command again.') };
        const done = await env.completed.lookup(state.cardId);
        if (done) return { body: dialogMessage('This form was submitted already.') };
        if (!mayFillIn(state, context.activity.from?.id)) return { body: dialogMessage(ONLY_REQUESTER) };
        const turn = await openTurn(env, context);
        if (!turn.ok) return { body: problemCard(turn.message) };
        const reopened = await reopenForm(turn.ctx, state);
        if (reopened.kind === 'reply')
          return { body: dialogContinue('Switchboard', renderReplyCard(reopened.reply, { audience: 'requester' })) };
        return { body: formDialog(reopened.open, reopened.state) };
      },
      STILL_WORKING,
    );
  });

  for (const name of ['composeExtension/submitAction', 'task/submit']) {
    router.invoke(name, (context) =>
      answerInvoke(env, context, () => submitDialog(env, context, dataOf(context)), STILL_WORKING),
    );
  }
}
