import type { App, webApi } from '@slack/bolt';
import { formHandler, submitForm } from '../../commands/index.js';
import { DEFAULT_DELIVERY_TTL_MS } from '../chat/delivery-ledger.js';
import { SharedSubmissions } from '../chat/form-submissions.js';
import { SubmissionLedger } from '../chat/once-only.js';
import type { CommitWithChange } from '../services/context.js';
import type { FormDefinition, FormValues } from '../../views/form.js';
import type { Reply } from '../../views/reply.js';
import { notSavedReply } from '../../views/replies/form-outcome.js';
import { deliverReply, type Destination } from './deliver.js';
import { sendFiles, slackFile } from './files.js';
import { publishHome } from './home.js';
import { chatRef, type SlackUserRef } from './identity.js';
import { decodeFormMetadata, type FormMetadataEnvelope } from './metadata.js';
import { blockErrors, FORM_SUBMISSION, noticeView, readSubmission } from './render-form.js';
import { TIMED_OUT, withDeadline, type SlackState } from './state.js';

/** What a submission came to. `reply` is dropped once delivered, so no secret stays in memory. */
export type Outcome =
  | { kind: 'done'; reply: Reply | null; actorId?: string }
  /** Field problems, by field id (only the form's own fields). */
  | { kind: 'errors'; issues: { field: string; message: string }[]; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'stranger'; message: string }
  /** Carried out by another submission of the same view (a retry, a replay, another replica): nothing to do. */
  | { kind: 'duplicate' };

/** How long a carried-out view stays carried out: past any retry or replay of its submission. */
const DONE_TTL_MS = DEFAULT_DELIVERY_TTL_MS;
/** How long a second attempt waits for one that holds the view (at another replica): its outcome decides. */
const WAIT_MS = 2 * 60_000;

/**
 * Submissions of modals, each view carried out once (`SharedSubmissions`): a double click, a
 * retry or a replay, here or at another replica, after a restart too, never carries it out again;
 * a submission that failed (invalid, refused) releases it, so the corrected values can be sent. In
 * this process, a submission of the same values while the first runs shares its outcome.
 */
export class SlackSubmissions {
  private readonly views: SharedSubmissions<Outcome>;

  constructor(rt: SlackState) {
    this.views = new SharedSubmissions(new SubmissionLedger(rt.ledger, 'slack', DONE_TTL_MS), WAIT_MS);
  }

  /** The attempt already running here for these values, or `carryOut` run once the view is ours. */
  claim(
    viewId: string,
    values: FormValues,
    carryOut: (commitWith: CommitWithChange) => Promise<Outcome>,
  ): { first: boolean; outcome: Promise<Outcome> } {
    const { first, outcome } = this.views.claim(`view:${viewId}`, values, async (commitWith) => {
      const outcome = await carryOut(commitWith);
      return { outcome, done: outcome.kind === 'done' };
    });
    return { first, outcome: outcome.then((once) => (once.kind === 'ran' ? once.outcome : { kind: 'duplicate' })) };
  }
}

async function carryOut(
  rt: SlackState,
  client: webApi.WebClient,
  ref: SlackUserRef,
  form: FormDefinition,
  values: FormValues,
  envelope: FormMetadataEnvelope,
  commitWith: CommitWithChange,
): Promise<Outcome> {
  const resolution = await rt.identities.resolveBound(chatRef(ref));
  if (!resolution.ok) return { kind: 'stranger', message: resolution.message };
  try {
    const ctx = {
      ...rt.context(resolution, envelope.channelId, undefined, ref.userId),
      fileById: (id: string) => slackFile(client, id),
      commitWithChange: commitWith,
    };
    const result = await submitForm(ctx, form.id, values, envelope.metadata);
    if (result.ok) return { kind: 'done', reply: result.reply, actorId: resolution.actor.userId };
    const issues = result.errors.filter((issue) => form.fields.some((f) => f.id === issue.field));
    return issues.length > 0
      ? { kind: 'errors', issues, message: result.message }
      : { kind: 'refused', message: result.message };
  } catch (error) {
    rt.logger.error({ err: error, form: form.id }, 'slack: form submission failed');
    return {
      kind: 'refused',
      message:
        'Something went wrong on the Switchboard side; nothing was saved and it has been logged. Try again in a moment.',
    };
  }
}

/** The outcome as a private message, when the modal could not show it (the submission was slow). */
function asMessage(outcome: Outcome, form: FormDefinition): Reply | null {
  if (outcome.kind === 'done') return outcome.reply;
  if (outcome.kind === 'duplicate') return null;
  return notSavedReply(form, outcome.message, outcome.kind === 'errors' ? outcome.issues : []);
}

/**
 * Submitted forms. Invalid input answers `response_action: errors` by the fields' blocks; a
 * refusal that is about no field is pushed on top (Back keeps what was typed); a good one
 * closes the modal, and the confirmation follows privately where the command was typed.
 */
export function registerFormSubmissions(app: App, rt: SlackState, ledger = new SlackSubmissions(rt)): void {
  app.view(FORM_SUBMISSION, async ({ ack, body, view, client }) => {
    const envelope = decodeFormMetadata(view.private_metadata);
    const handler = envelope ? formHandler(envelope.formId, rt.registry) : undefined;
    const teamId = body.team?.id ?? body.user.team_id;
    if (!envelope || !handler || !teamId) {
      await ack({
        response_action: 'update',
        view: noticeView('Form expired', 'This form is no longer available; run the command again.'),
      });
      return;
    }
    const form = handler.form;
    const ref = { teamId, userId: body.user.id };
    const values = readSubmission(form, view.state);
    const { first, outcome: attempt } = ledger.claim(view.id, values, (commitWith) =>
      carryOut(rt, client, ref, form, values, envelope, commitWith),
    );
    const dest: Destination = {
      userId: body.user.id,
      channelId: envelope.channelId,
      responseUrl: envelope.responseUrl,
    };
    const report = async (outcome: Outcome) => {
      const message = asMessage(outcome, form);
      if (message) await deliverReply(client, dest, message, rt.logger);
      if (outcome.kind !== 'done') return;
      if (outcome.reply) await sendFiles(client, dest.userId, outcome.reply, rt.logger);
      // A change held for approval (its card), or the deny form's decision (the card updated, the requester told).
      await rt.effects.carryOut(outcome.reply?.effects, {
        tell: (notice) => deliverReply(client, dest, notice, rt.logger),
      });
      if (envelope.fromHome) await publishHome(rt, client, ref);
    };
    const outcome = await withDeadline(attempt, rt.timings.submitDeadlineMs);
    if (outcome === TIMED_OUT) {
      await ack({
        response_action: 'update',
        view: noticeView(form.title, 'Working on it. You will get a private message when it is done.'),
      });
      if (first) rt.later('slow submission', async () => report(await attempt));
      return;
    }
    switch (outcome.kind) {
      case 'duplicate':
        await ack();
        return;
      case 'done':
        await ack();
        if (first) rt.later('confirmation', () => report(outcome));
        return;
      case 'errors':
        await ack({ response_action: 'errors', errors: blockErrors(form, outcome.issues) });
        return;
      case 'refused':
        await ack({ response_action: 'push', view: noticeView('Not saved', outcome.message, 'Back') });
        return;
      case 'stranger':
        await ack({ response_action: 'update', view: noticeView('Not a portal user', outcome.message) });
        return;
    }
  });
}
