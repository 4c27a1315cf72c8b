import { createHash } from 'node:crypto';
import type { App, webApi } from '@slack/bolt';
import { formHandler, submitForm } from '../../commands/index.js';
import type { FormDefinition, FormValues } from '../../views/form.js';
import { failure, type Reply } from '../../views/reply.js';
import { decisionTarget, followUp, needsFollowUp } from './approvals.js';
import { TtlCache } from './cache.js';
import { deliverReply, type Destination } from './deliver.js';
import { publishHome } from './home.js';
import type { SlackUserRef } from './identity.js';
import { decodeFormMetadata, type FormMetadataEnvelope } from './metadata.js';
import { blockErrors, FORM_CALLBACK_ID, noticeView, readSubmission } from './render-form.js';
import { TIMED_OUT, withDeadline, type SlackRuntime } from './runtime.js';

/** What a submission came to. `reply` is dropped once delivered, so no secret stays in memory. */
export type Outcome =
  | { kind: 'done'; reply: Reply | null; actorId?: string }
  | { kind: 'errors'; errors: Record<string, string>; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'stranger'; message: string };

/**
 * Submissions seen, by view id and the digest of what was submitted: a double click or a
 * retried delivery (X-Slack-Retry-Num) shares the first attempt's outcome instead of
 * running again, and a view that was carried out is never carried out twice. A failed
 * attempt is forgotten, so the same values can be tried again once the cause is gone.
 * Per process: across replicas the operation's own uniqueness (User ID, email) holds.
 */
export class SubmissionLedger {
  private readonly attempts = new TtlCache<string, Promise<Outcome>>(5_000);
  private readonly done = new TtlCache<string, true>(5_000);
  private static readonly TTL = 30 * 60_000;

  isDone(viewId: string): boolean {
    return this.done.has(viewId);
  }

  /** The attempt already running or finished for this key, or `start()` run and recorded. */
  claim(viewId: string, key: string, start: () => Promise<Outcome>): { first: boolean; outcome: Promise<Outcome> } {
    const existing = this.attempts.get(key);
    if (existing) return { first: false, outcome: existing };
    const outcome = start();
    this.attempts.set(key, outcome, SubmissionLedger.TTL);
    void outcome.then(
      (o) => {
        if (o.kind === 'done') {
          this.done.set(viewId, true, SubmissionLedger.TTL);
          this.attempts.set(key, Promise.resolve({ kind: 'done', reply: null }), SubmissionLedger.TTL);
        } else {
          this.attempts.delete(key);
        }
      },
      () => this.attempts.delete(key),
    );
    return { first: true, outcome };
  }
}

/** The form that asks why a request is denied (commands/approvals.ts). */
const DENY_FORM = 'approval-deny';

function digest(viewId: string, values: FormValues): string {
  return `${viewId}:${createHash('sha256').update(JSON.stringify(values)).digest('base64url')}`;
}

async function carryOut(rt: SlackRuntime, client: webApi.WebClient, ref: SlackUserRef, form: FormDefinition, values: FormValues, envelope: FormMetadataEnvelope): Promise<Outcome> {
  const resolution = await rt.identities.resolveBound(ref);
  if (!resolution.ok) return { kind: 'stranger', message: resolution.message };
  try {
    const result = await submitForm(rt.context(resolution, client, ref, false, envelope.channelId), form.id, values, envelope.metadata);
    if (result.ok) return { kind: 'done', reply: result.reply, actorId: resolution.actor.userId };
    const errors = blockErrors(form, result.errors);
    return Object.keys(errors).length > 0 ? { kind: 'errors', errors, message: result.message } : { kind: 'refused', message: result.message };
  } catch (error) {
    rt.logger.error({ err: error, form: form.id }, 'slack: form submission failed');
    return { kind: 'refused', message: 'Something went wrong on the Switchboard side; nothing was saved and it has been logged. Try again in a moment.' };
  }
}

/** The outcome as a private message, when the modal could not show it (the submission was slow). */
function asMessage(outcome: Outcome, form: FormDefinition): Reply | null {
  if (outcome.kind === 'done') return outcome.reply;
  if (outcome.kind === 'errors') {
    const label = (blockId: string) => form.fields.find((f) => `field:${f.id}` === blockId)?.label ?? blockId;
    return failure(`${form.title}: not saved. ${outcome.message}`, [
      { type: 'text', text: `${form.title}: not saved.` },
      { type: 'fields', fields: Object.entries(outcome.errors).map(([blockId, message]) => ({ label: label(blockId), value: message })) },
    ]);
  }
  return failure(`${form.title}: not saved. ${outcome.message}`);
}

/**
 * Submitted forms. Invalid input answers `response_action: errors` by the fields' blocks; a
 * refusal that is about no field is pushed on top (Back keeps what was typed); a good one
 * closes the modal, and the confirmation follows privately where the command was typed.
 */
export function registerFormSubmissions(app: App, rt: SlackRuntime, ledger = new SubmissionLedger()): void {
  app.view({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const envelope = decodeFormMetadata(view.private_metadata);
    const handler = envelope ? formHandler(envelope.formId) : undefined;
    const teamId = body.team?.id ?? body.user.team_id;
    if (!envelope || !handler || !teamId) {
      await ack({ response_action: 'update', view: noticeView('Form expired', 'This form is no longer available; run the command again.') });
      return;
    }
    if (ledger.isDone(view.id)) {
      await ack();
      return;
    }
    const form = handler.form;
    const ref = { teamId, userId: body.user.id };
    const values = readSubmission(form, view.state);
    const { first, outcome: attempt } = ledger.claim(view.id, digest(view.id, values), () => carryOut(rt, client, ref, form, values, envelope));
    const dest: Destination = { userId: body.user.id, channelId: envelope.channelId, responseUrl: envelope.responseUrl };
    const report = async (outcome: Outcome) => {
      const message = asMessage(outcome, form);
      if (message) await deliverReply(client, dest, message, rt.logger);
      if (outcome.kind !== 'done') return;
      // A change held for approval (its card), or the deny form's decision (the card updated, the requester told).
      const decided = envelope.formId === DENY_FORM ? decisionTarget(undefined, envelope.metadata) : null;
      if (outcome.reply && outcome.actorId && (needsFollowUp(outcome.reply) || decided)) await followUp(rt, client, outcome.reply, { dest, actorId: outcome.actorId, decided });
      if (envelope.fromHome) await publishHome(rt, client, ref);
    };
    const outcome = await withDeadline(attempt, rt.timings.submitDeadlineMs);
    if (outcome === TIMED_OUT) {
      await ack({ response_action: 'update', view: noticeView(form.title, 'Working on it. You will get a private message when it is done.') });
      if (first) rt.later('slow submission', async () => report(await attempt));
      return;
    }
    switch (outcome.kind) {
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
