import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import { FORM_SUBMISSION } from './render-form.js';
import type { SlackState } from './state.js';

/** The context property the HTTP receiver fills with the request's `X-Slack-Signature`. */
export const SIGNATURE_PROPERTY = 'slackSignature';

/**
 * What identifies one delivery from Slack, the same in a retry or a replay of it: the trigger id
 * of a command, click or form submission; the event id of an event; else the request's signature
 * (HMAC over its timestamp and body), when it came over HTTP.
 */
export function deliveryKeyOf(body: unknown, context: Record<string, unknown>): string | undefined {
  const fields = (body ?? {}) as { trigger_id?: unknown; event_id?: unknown };
  if (typeof fields.trigger_id === 'string' && fields.trigger_id) return `trigger:${fields.trigger_id}`;
  if (typeof fields.event_id === 'string' && fields.event_id) return `event:${fields.event_id}`;
  const signature = context[SIGNATURE_PROPERTY];
  return typeof signature === 'string' && signature ? `signature:${signature}` : undefined;
}

/** A submitted form of ours: carried out once by its view's claim (form-submissions.ts), which retries share. */
function isFormSubmission(body: unknown): boolean {
  const fields = (body ?? {}) as { type?: unknown; view?: { callback_id?: unknown } };
  return fields.type === FORM_SUBMISSION.type && fields.view?.callback_id === FORM_SUBMISSION.callback_id;
}

/**
 * Every delivery is carried out once, by whichever process on the database claims it first: a
 * retry (X-Slack-Retry-Num), a signed request replayed within Slack's five minutes (after a
 * restart too), or the same delivery at another replica is acknowledged and dropped. Runs
 * after Bolt has checked the signature, before any listener; the handling of every delivery
 * counts as the runtime's work until its listeners are done (`idle()` waits for it). A form's
 * submission is claimed by its view alone: a second claim before every submission was the same
 * guarantee at the cost of another row.
 */
export function registerOnceOnly(app: App, rt: SlackState): void {
  app.use((args: AnyMiddlewareArgs & AllMiddlewareArgs) =>
    rt.background.during(async () => {
      if (isFormSubmission(args.body)) {
        await args.next();
        return;
      }
      const key = deliveryKeyOf(args.body, args.context);
      if (await rt.firstDelivery(key)) {
        await args.next();
        return;
      }
      rt.logger.info(
        { delivery: key?.split(':')[0], retry: args.context.retryNum },
        'slack: a delivery seen before was dropped',
      );
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
    }),
  );
}
