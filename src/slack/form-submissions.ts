import { createHash } from 'node:crypto';
import type { App, webApi } from '@slack/bolt';
import { formHandler, submitForm } from '../../commands/index.js';
import { DEFAULT_DELIVERY_TTL_MS } from '../chat/delivery-ledger.js';
import { SubmissionLedger } from '../chat/once-only.js';
import type { FormDefinition, FormValues } from '../../views/form.js';
import { failure, type Reply } from '../../views/reply.js';
import { deliverReply, type Destination } from './deliver.js';
import { publishHome } from './home.js';
import { chatRef, type SlackUserRef } from './identity.js';
import { decodeFormMetadata, type FormMetadataEnvelope } from './metadata.js';
import { blockErrors, FORM_CALLBACK_ID, noticeView, readSubmission } from './render-form.js';
import { TIMED_OUT, withDeadline, type SlackState } from './state.js';

/** What a submission came to. `reply` is dropped once delivered, so no secret stays in memory. */
export type Outcome =
  | { kind: 'done'; reply: Reply | null; actorId?: string }
  | { kind: 'errors'; errors: Record<string, string>; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'stranger'; message: string }
  /** Carried out by another submission of the same view (a retry, a replay, another replica): nothing to do. */
  | { kind: 'duplicate' };

/** How long a carried-out view stays carried out: past any retry or replay of its submission. */
const DONE_TTL_MS = DEFAULT_DELIVERY_TTL_MS;
/** How long a second attempt waits for one that holds the view (at another replica): its outcome decides. */
const WAIT_MS = 2 * 60_000;

/**
 * Submissions of modals, each view carried out once. In the database (the once-only ledger) a
 * view is claimed while a submission of it runs and marked done when it succeeded, so that a
 * double click, a retry or a replay, here or at another replica, after a restart too, never
 * carries it out again; a submission that failed (invalid, refused) releases it, so the
 * corrected values can be sent. In this process, a submission of the same values while the
 * first runs shares its outcome (a double click gets the same field errors).
 */
export class SlackSubmissions {
  private readonly running = new Map<string, Promise<Outcome>>();
  private readonly views: SubmissionLedger;

  constructor(rt: SlackState) {
    this.views = new SubmissionLedger(rt.ledger, 'slack', DONE_TTL_MS);
  }

  /** The attempt already running here for these values, or `carryOut` run once the view is ours. */
  claim(
    viewId: string,
    values: FormValues,
    carryOut: () => Promise<Outcome>,
  ): { first: boolean; outcome: Promise<Outcome> } {
    const key = digest(viewId, values);
    const existing = this.running.get(key);
    if (existing) return { first: false, outcome: existing };
    const outcome = this.once(viewId, carryOut).finally(() => this.running.delete(key));
    this.running.set(key, outcome);
    return { first: true, outcome };
  }

  private async once(viewId: string, carryOut: () => Promise<Outcome>): Promise<Outcome> {
    const key = `view:${viewId}`;
    if ((await this.views.claim(key, WAIT_MS)).kind !== 'claimed') return { kind: 'duplicate' };
    let outcome: Outcome;
    try {
      outcome = await carryOut();
    } catch (error) {
      await this.views.release(key);
      throw error;
    }
    await (outcome.kind === 'done' ? this.views.complete(key) : this.views.release(key));
    return outcome;
  }
}

function digest(viewId: string, values: FormValues): string {
  return `${viewId}:${createHash('sha256').update(JSON.stringify(values)).digest('base64url')}`;
}

async function carryOut(
  rt: SlackState,
  ref: SlackUserRef,
  form: FormDefinition,
  values: FormValues,
  envelope: FormMetadataEnvelope,
): Promise<Outcome> {
  const resolution = await rt.identities.resolveBound(chatRef(ref));
  if (!resolution.ok) return { kind: 'stranger', message: resolution.message };
  try {
    const result = await submitForm(rt.context(resolution, envelope.channelId), form.id, values, envelope.metadata);
    if (result.ok) return { kind: 'done', reply: result.reply, actorId: resolution.actor.userId };
    const errors = blockErrors(form, result.errors);
    return Object.keys(errors).length > 0
      ? { kind: 'errors', errors, message: result.message }
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
  if (outcome.kind === 'errors') {
    const label = (blockId: string) => form.fields.find((f) => `field:${f.id}` === blockId)?.label ?? blockId;
    return failure(`${form.title}: not saved. ${outcome.message}`, [
      { type: 'text', text: `${form.title}: not saved.` },
      {
        type: 'fields',
        fields: Object.entries(outcome.errors).map(([blockId, message]) => ({ label: label(blockId), value: message })),
      },
    ]);
  }
  return failure(`${form.title}: not saved. ${outcome.message}`);
}

/**
 * Submitted forms. Invalid input answers `response_action: errors` by the fields' blocks; a
 * refusal that is about no field is pushed on top (Back keeps what was typed); a good one
 * closes the modal, and the confirmation follows privately where the command was typed.
 */
export function registerFormSubmissions(app: App, rt: SlackState, ledger = new SlackSubmissions(rt)): void {
  app.view({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const envelope = decodeFormMetadata(view.private_metadata);
    const handler = envelope ? formHandler(envelope.formId) : undefined;
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
    const { first, outcome: attempt } = ledger.claim(view.id, values, () => carryOut(rt, ref, form, values, envelope));
    const dest: Destination = {
      userId: body.user.id,
      channelId: envelope.channelId,
      responseUrl: envelope.responseUrl,
    };
    const report = async (outcome: Outcome) => {
      const message = asMessage(outcome, form);
      if (message) await deliverReply(client, dest, message, rt.logger);
      if (outcome.kind !== 'done') return;
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
        await ack({ response_action: 'errors', errors: outcome.errors });
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
