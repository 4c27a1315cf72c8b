import type { App, webApi } from '@slack/bolt';
import type { CommandResult } from '../../commands/index.js';
import type { OpenForm } from '../../views/form.js';
import { failure, filesOf, type Reply } from '../../views/reply.js';
import { refusalBeforeLookup } from '../chat/command-check.js';
import { commandWords } from '../chat/run-command.js';
import { commandResponse, deliverReply, type Destination } from './deliver.js';
import { sendFiles } from './files.js';
import { slackErrorCode, type SlackUserRef } from './identity.js';
import { mentionsInText, resolveMentions, tooManyMentions, type SlackMention } from './mentions.js';
import { encodeFormMetadata } from './metadata.js';
import { renderModal } from './render-form.js';
import { RUN_ACTION } from './render-reply.js';
import { TIMED_OUT, withDeadline, type SlackState } from './state.js';
import { normalizeSlackText } from './slack-text.js';

/** A command line from a Slack user: typed after the slash command, or behind a button. */
export interface CommandRequest {
  line: string;
  prefix: string;
  /** The people the line mentions, as the typist saw them. */
  mentions: SlackMention[];
  ref: SlackUserRef;
  triggerId: string;
  dest: Destination;
  fromHome?: boolean;
}

const couldNotOpen = (line: string, error: string): Reply =>
  failure(`The form could not be opened (${error}).`, [
    { type: 'text', text: `The form could not be opened in time (${error}). Click to open it again.` },
    { type: 'actions', actions: [{ label: 'Open the form', command: line, style: 'primary' }] },
  ]);

/** Opens a form's modal with views.open; the metadata says where to confirm. */
export async function openModal(
  client: webApi.WebClient,
  req: CommandRequest,
  open: OpenForm,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const metadata = encodeFormMetadata({
    formId: open.form.id,
    channelId: req.dest.channelId,
    responseUrl: req.dest.responseUrl,
    fromHome: req.fromHome,
    metadata: open.metadata,
  });
  try {
    await client.views.open({ trigger_id: req.triggerId, view: renderModal(open, metadata) });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: slackErrorCode(error) ?? 'Slack did not answer' };
  }
}

/** What a reply asks of Slack once it is shown (approval cards, the requester told), after the acknowledgement. */
async function followReply(rt: SlackState, client: webApi.WebClient, req: CommandRequest, reply: Reply): Promise<void> {
  await sendFiles(client, req.dest.userId, reply, rt.logger);
  await rt.effects.carryOut(reply.effects, { tell: (notice) => deliverReply(client, req.dest, notice, rt.logger) });
}

/** After the acknowledgement: a reply by response_url (or channel, or DM), a form by views.open. */
async function deliverResult(
  rt: SlackState,
  client: webApi.WebClient,
  req: CommandRequest,
  result: CommandResult,
  actorId: string,
): Promise<void> {
  if (result.kind === 'reply') {
    await deliverReply(client, req.dest, result.reply, rt.logger);
    await followReply(rt, client, req, result.reply);
    return;
  }
  const opened = await openModal(client, req, result.open);
  if (!opened.ok) await deliverReply(client, req.dest, couldNotOpen(req.line, opened.error), rt.logger);
}

/**
 * The whole of a command after the acknowledgement: refused at once if it is malformed or
 * mentions too many people; else the Slack user looked up (users.info if need be), then each
 * mentioned person once, then the command.
 */
export async function runAfterAck(rt: SlackState, client: webApi.WebClient, req: CommandRequest): Promise<void> {
  const refusal = tooManyMentions(req.mentions) ?? refusalBeforeLookup(req.line, req.prefix, rt.registry);
  if (refusal) {
    await deliverReply(client, req.dest, refusal, rt.logger);
    return;
  }
  let resolution;
  try {
    resolution = await rt.resolve(client, req.ref);
  } catch (error) {
    rt.logger.warn({ error: (error as Error).message }, 'slack: users.info failed');
    await deliverReply(
      client,
      req.dest,
      failure('Switchboard could not look you up in Slack just now; try again in a moment.'),
      rt.logger,
    );
    return;
  }
  if (!resolution.ok) {
    await deliverReply(client, req.dest, failure(resolution.message), rt.logger);
    return;
  }
  const mentioned = await resolveMentions(rt.deps, rt.emails, client, resolution.actor, req.ref.teamId, req.mentions);
  if (mentioned.ok !== true) {
    if (mentioned.ok === false) await deliverReply(client, req.dest, mentioned.reply, rt.logger);
    return;
  }
  const result = await rt.run(
    rt.context(resolution, req.dest.channelId, mentioned.userIds, req.ref.userId),
    req.line,
    req.prefix,
  );
  await deliverResult(rt, client, req, result, resolution.actor.userId);
}

/**
 * `/portal <command line>`. The acknowledgement comes at once: with a refusal when the line is
 * malformed or mentions too many people (before anyone is looked up); with the reply when the
 * user and everyone mentioned are known and the command answers within the deadline; after
 * views.open when it opens a form; empty otherwise, the answer following by response_url. No Web
 * API call but views.open happens before it; looking people up (users.info) waits until after.
 * Replays and retries of a delivery are dropped by the once-only middleware (once-only.ts).
 */
export function registerSlashCommand(app: App, rt: SlackState): void {
  app.command(/^\/.+/, async ({ command, ack, client }) => {
    const line = normalizeSlackText(command.text ?? '');
    const ref = { teamId: command.team_id, userId: command.user_id };
    const req: CommandRequest = {
      line,
      ref,
      prefix: `${command.command} `,
      triggerId: command.trigger_id,
      mentions: mentionsInText(command.text ?? ''),
      dest: { userId: command.user_id, channelId: command.channel_id, responseUrl: command.response_url },
    };
    rt.logger.debug({ command: commandWords(line), user: command.user_id }, 'slack: command');
    const refusal = tooManyMentions(req.mentions) ?? refusalBeforeLookup(line, req.prefix, rt.registry);
    if (refusal) {
      await ack(commandResponse(refusal));
      return;
    }
    const resolution = rt.peek(ref);
    if (resolution && !resolution.ok) {
      await ack(commandResponse(failure(resolution.message)));
      return;
    }
    const mentioned =
      resolution && (await resolveMentions(rt.deps, rt.emails, null, resolution.actor, ref.teamId, req.mentions));
    if (!resolution || !mentioned || mentioned.ok === 'not-cached') {
      await ack();
      rt.later('command', () => runAfterAck(rt, client, req));
      return;
    }
    if (mentioned.ok === false) {
      await ack(commandResponse(mentioned.reply));
      return;
    }
    const running = rt.run(
      rt.context(resolution, command.channel_id, mentioned.userIds, command.user_id),
      line,
      req.prefix,
    );
    const result = await withDeadline(running, rt.timings.replyDeadlineMs);
    if (result === TIMED_OUT) {
      await ack();
      rt.later('slow command', async () => deliverResult(rt, client, req, await running, resolution.actor.userId));
      return;
    }
    if (result.kind === 'reply') {
      await ack(commandResponse(result.reply));
      const { reply } = result;
      if (reply.effects?.length || filesOf(reply).length) rt.later('reply', () => followReply(rt, client, req, reply));
      return;
    }
    const opening = openModal(client, req, result.open);
    const opened = await withDeadline(opening, rt.timings.viewsOpenWaitMs);
    if (opened === TIMED_OUT) {
      await ack();
      rt.later('views.open', async () => {
        const late = await opening;
        if (!late.ok) await deliverReply(client, req.dest, couldNotOpen(line, late.error), rt.logger);
      });
      return;
    }
    await (opened.ok ? ack() : ack(commandResponse(couldNotOpen(line, opened.error))));
  });
}

/**
 * Buttons of replies and of the Home tab run their command line for whoever clicks. The
 * click is acknowledged first; the command, and views.open for a form, follow.
 */
export function registerRunButtons(app: App, rt: SlackState): void {
  app.action(RUN_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !action.value) return;
    // A retried delivery repeats the trigger_id (once-only.ts); a double click repeats the button within a moment.
    const container = body.container as { message_ts?: string; view_id?: string } | undefined;
    const button = `button:${body.user.id}:${container?.message_ts ?? container?.view_id ?? ''}:${action.value}`;
    if (!(await rt.firstDelivery(button, 2_000))) return;
    const teamId = body.team?.id ?? body.user.team_id;
    if (!teamId) return;
    const req: CommandRequest = {
      line: action.value,
      prefix: '/portal ',
      mentions: mentionsInText(action.value),
      ref: { teamId, userId: body.user.id },
      triggerId: body.trigger_id,
      fromHome: body.view?.type === 'home',
      dest: { userId: body.user.id, channelId: body.channel?.id, responseUrl: body.response_url },
    };
    rt.later('button', () => runAfterAck(rt, client, req));
  });
}
