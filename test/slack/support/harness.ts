import type { CommandRegistry } from '../../../commands/types.js';
import { expect } from 'vitest';
import { DEFAULT_APPROVAL_POLICY } from '../../../src/domain/approval-policy.js';
import { HttpServer } from '../../../src/http/server.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/slack/app.js';
import type { SlackTimings } from '../../../src/slack/state.js';
import type { IdentityOptions } from '../../../src/chat/identity.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../../support/switchboard.js';
import { FakeSlack } from './fake-slack.js';
import {
  eventBody,
  FORM,
  interactionBody,
  sendSigned,
  SIGNING_SECRET,
  slashCommandBody,
  type SendOptions,
  type SlackAnswer,
} from './slack-requests.js';

export const TEAM = 'T1';

/** A Slack user of the test workspace, and the portal user their email belongs to. */
export interface SlackPerson {
  id: string;
  team: string;
  email: string;
}

/** One request to /slack/events as the server saw it: when it came, when it was acknowledged. */
export interface Exchange {
  start: number;
  ackAt: number | null;
}

export interface ClickOptions {
  home?: boolean;
  messageTs?: string;
  /** A message posted in this channel (an approval card) rather than an ephemeral one in C0OPS. */
  channel?: string;
}

export interface OpenedView {
  id: string;
  hash: string;
  triggerId: string;
  view: any;
}

let people = 0;
const unique = () => `${Date.now().toString(36)}${(++people).toString(36)}`.toUpperCase();

/**
 * The real adapter on the shared HTTP server, on a loopback port, with the Web API faked on
 * loopback (SLACK_API_URL), a scratch database, and helpers that send what Slack sends.
 */
export class SlackHarness {
  readonly exchanges: Exchange[] = [];
  /** Web API calls as the adapter started them (its WebClient's fetch), in order. */
  readonly webCalls: { method: string; at: number }[] = [];
  url = '';

  private constructor(
    readonly sb: TestSwitchboard,
    readonly fake: FakeSlack,
    readonly http: HttpServer,
    readonly adapter: SlackAdapter,
  ) {}

  static async start(
    options: {
      timings?: Partial<SlackTimings>;
      identity?: IdentityOptions;
      sb?: TestSwitchboard;
      registry?: CommandRegistry;
    } = {},
  ): Promise<SlackHarness> {
    const sb = options.sb ?? (await startTestSwitchboard());
    // The adapter is under test, not the approval policy (tested with the approvals): no change
    // waits for a second Administrator here.
    sb.deps.settings.approvals = { ...DEFAULT_APPROVAL_POLICY, rules: [] };
    const fake = new FakeSlack();
    await fake.start();
    const http = new HttpServer(sb.deps.logger);
    const webCalls: SlackHarness['webCalls'] = [];
    const recordingFetch = ((url: string | URL, init?: RequestInit) => {
      webCalls.push({ method: String(url).split('/api/')[1] ?? String(url), at: performance.now() });
      return fetch(url, init);
    }) as typeof fetch;
    const adapter = createSlackAdapter({
      settings: { signingSecret: SIGNING_SECRET, botToken: 'xoxb-test-token', apiUrl: fake.apiUrl },
      deps: sb.deps,
      logger: sb.deps.logger,
      http,
      clientOptions: { retryConfig: { retries: 0 }, fetch: recordingFetch },
      // Generous in tests (a loaded CI machine, PostgreSQL): replies come in the acknowledgement
      // unless a test asks otherwise. The deadline itself is tested with a slow command.
      timings: { replyDeadlineMs: 2_000, ...options.timings },
      identity: options.identity,
      ...(options.registry ? { registry: options.registry } : {}),
    });
    const harness = new SlackHarness(sb, fake, http, adapter);
    (harness as { webCalls: SlackHarness['webCalls'] }).webCalls = webCalls;
    http.server.prependListener('request', (_req, res) => {
      const exchange: Exchange = { start: performance.now(), ackAt: null };
      harness.exchanges.push(exchange);
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
        exchange.ackAt ??= performance.now();
        return writeHead(...args);
      }) as typeof res.writeHead;
    });
    const port = await http.listen(0, '127.0.0.1');
    harness.url = `http://127.0.0.1:${port}/slack/events`;
    return harness;
  }

  async close(closeDatabase = true): Promise<void> {
    await this.adapter.stop();
    await this.http.close();
    await this.fake.close();
    if (closeDatabase) await this.sb.close();
  }

  /** Waits for the work the adapter does after acknowledging. */
  settle(): Promise<void> {
    return this.adapter.state.idle();
  }

  /** A Slack user whose verified email is `email` (a portal user's, or nobody's). */
  person(
    email: string,
    extra: Partial<{ is_bot: boolean; deleted: boolean; is_email_confirmed: boolean }> = {},
  ): SlackPerson {
    const person = { id: `U${unique()}`, team: TEAM, email };
    this.fake.users.set(person.id, { email, ...extra });
    return person;
  }

  /** A fresh account with an Administrator who is on Slack (unique email, so identities never clash). */
  async admin(
    role: 'admin' | 'regular' | 'read-only' | 'support' = 'admin',
  ): Promise<{ acc: TestAccount; person: SlackPerson; userId: string }> {
    const acc = await newAccount(this.sb);
    const tag = unique().toLowerCase();
    const email = `slack-${tag}@example.com`;
    const { user } = await addActor(
      this.sb,
      acc,
      { userId: `sl-${tag}`, email, firstName: 'Sam', lastName: 'Slack' },
      role,
    );
    return { acc, person: this.person(email), userId: user.userId };
  }

  /** `/portal <text>` as Slack posts it; answers with the acknowledgement and the response_url's id. */
  async command(
    person: SlackPerson,
    text: string,
    options: SendOptions & { triggerId?: string; channel?: string; expiredResponseUrl?: boolean } = {},
  ): Promise<SlackAnswer & { responseId: string; triggerId: string }> {
    const responseUrl = this.fake.responseUrl(options.expiredResponseUrl);
    const triggerId = options.triggerId ?? `${unique()}.trigger`;
    const body = slashCommandBody({
      team_id: person.team,
      user_id: person.id,
      channel_id: options.channel ?? 'C0OPS',
      text,
      response_url: responseUrl.url,
      trigger_id: triggerId,
    });
    const answer = await sendSigned(this.url, body, FORM, options);
    return { ...answer, responseId: responseUrl.id, triggerId };
  }

  /** Runs a command that opens a form; returns the modal views.open got. */
  async openForm(person: SlackPerson, text: string): Promise<OpenedView & { responseId: string }> {
    const before = this.fake.callsOf('views.open').length;
    const answer = await this.command(person, text);
    expect(answer.status).toBe(200);
    await this.settle();
    const opened = this.fake.callsOf('views.open');
    expect(opened.length, `${text} should open a form`).toBe(before + 1);
    const call = opened.at(-1)!;
    const view = call.result?.view as { id: string; hash: string } | undefined;
    expect(view, `views.open of ${text} should succeed`).toBeDefined();
    return {
      id: view!.id,
      hash: view!.hash,
      triggerId: String(call.args.trigger_id),
      view: call.args.view,
      responseId: answer.responseId,
    };
  }

  /** A view_submission of `opened` with Slack's state: initial values, overridden by `values` (by field id). */
  async submit(
    person: SlackPerson,
    opened: OpenedView,
    values: Record<string, string | string[] | boolean | null>,
    options: SendOptions = {},
  ): Promise<SlackAnswer> {
    const payload = {
      type: 'view_submission',
      team: { id: person.team, domain: 'switchboard-test' },
      user: { id: person.id, username: 'someone', name: 'someone', team_id: person.team },
      api_app_id: 'A0SWITCH',
      token: 'deprecated-verification-token',
      trigger_id: `${unique()}.trigger`,
      view: {
        ...opened.view,
        id: opened.id,
        hash: opened.hash,
        team_id: person.team,
        app_id: 'A0SWITCH',
        bot_id: 'B0SWITCH',
        state: { values: stateOf(opened.view, values) },
      },
      response_urls: [],
      is_enterprise_install: false,
    };
    return sendSigned(this.url, interactionBody(payload), FORM, options);
  }

  /** A click on a button (block_actions) in a message, or in the Home tab when `home`. */
  /** `messageTs` names the message clicked in (a double click repeats it). */
  async click(
    person: SlackPerson,
    button: { action_id: string; value: string },
    options: SendOptions & ClickOptions = {},
  ): Promise<SlackAnswer & { responseId: string | null; triggerId: string }> {
    const { body, responseId, triggerId } = this.clickBody(person, button, options);
    const answer = await sendSigned(this.url, body, FORM, options);
    return { ...answer, responseId, triggerId };
  }

  /**
   * The signed body of a click, to send as is (a retried delivery repeats it exactly). By
   * default an ephemeral message in C0OPS; `channel` makes it a channel message there.
   */
  clickBody(
    person: SlackPerson,
    button: { action_id: string; value: string },
    options: ClickOptions = {},
  ): { body: string; responseId: string | null; triggerId: string } {
    const responseUrl = options.home ? null : this.fake.responseUrl();
    const triggerId = `${unique()}.trigger`;
    const channel = options.channel ?? 'C0OPS';
    const payload = {
      type: 'block_actions',
      team: { id: person.team, domain: 'switchboard-test' },
      user: { id: person.id, username: 'someone', name: 'someone', team_id: person.team },
      api_app_id: 'A0SWITCH',
      token: 'deprecated-verification-token',
      trigger_id: triggerId,
      ...(options.home
        ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', blocks: [] } }
        : {
            container: {
              type: 'message',
              message_ts: options.messageTs ?? `${unique()}.000100`,
              channel_id: channel,
              is_ephemeral: !options.channel,
            },
            channel: { id: channel, name: 'ops' },
            response_url: responseUrl!.url,
          }),
      actions: [
        {
          type: 'button',
          action_id: button.action_id,
          block_id: 'b1',
          value: button.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    return { body: interactionBody(payload), responseId: responseUrl?.id ?? null, triggerId };
  }

  /** The user opens the app's Home tab. */
  homeOpened(
    person: SlackPerson,
    options: SendOptions & { eventId?: string; tab?: 'home' | 'messages' } = {},
  ): Promise<SlackAnswer> {
    const body = eventBody(
      person.team,
      {
        type: 'app_home_opened',
        user: person.id,
        channel: 'D0HOME',
        tab: options.tab ?? 'home',
        event_ts: `${Date.now() / 1000}`,
      },
      options.eventId ?? `Ev${unique()}`,
    );
    return sendSigned(this.url, body, 'application/json', options);
  }

  /** The methods the adapter started between receiving the exchange and acknowledging it. */
  callsBeforeAck(exchange: Exchange): string[] {
    return this.webCalls
      .filter((c) => c.at >= exchange.start && c.at <= (exchange.ackAt ?? Infinity))
      .map((c) => c.method);
  }

  /** Everything the response_url `id` received, as rendered text (blocks and text). */
  /** `/portal <line>` in `channel`, settled: the reply, from the acknowledgement or else the response_url. */
  async ask(person: SlackPerson, line: string, channel = 'C0OPS'): Promise<{ text: string; blocks: any[] }> {
    const answer = await this.command(person, line, { channel });
    expect(answer.status, line).toBe(200);
    await this.settle();
    return (answer.body as any) ?? (this.fake.responsesTo(answer.responseId).at(-1)!.body as any);
  }

  responseText(id: string): string {
    return JSON.stringify(this.fake.responsesTo(id).map((r) => r.body));
  }
}

/** The `view.state.values` Slack sends for a modal: each input's value, by block_id and action_id. */
export function stateOf(
  view: any,
  values: Record<string, string | string[] | boolean | null>,
): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as any[]) {
    if (block.type !== 'input') continue;
    const element = block.element;
    const id: string = element.action_id;
    const given = Object.prototype.hasOwnProperty.call(values, id) ? values[id] : undefined;
    const options: any[] = element.options ?? (element.option_groups ?? []).flatMap((g: any) => g.options);
    const find = (value: string) => {
      const found = options.find((o) => o.value === value);
      if (!found) throw new Error(`${id}: no option ${value}`);
      return found;
    };
    let entry: Record<string, unknown>;
    switch (element.type) {
      case 'plain_text_input':
      case 'email_text_input':
        entry = {
          value:
            given === undefined
              ? (element.initial_value ?? null)
              : given === null || given === ''
                ? null
                : String(given),
        };
        break;
      case 'static_select':
        entry = {
          selected_option: given === undefined ? (element.initial_option ?? null) : given ? find(String(given)) : null,
        };
        break;
      case 'multi_static_select':
        entry = {
          selected_options: given === undefined ? (element.initial_options ?? []) : (given as string[]).map(find),
        };
        break;
      case 'file_input':
        entry = { files: ((given ?? []) as string[]).map((id) => ({ id, name: `${id}.csv` })) };
        break;
      case 'checkboxes':
        entry = {
          selected_options: given === undefined ? (element.initial_options ?? []) : given ? element.options : [],
        };
        break;
      default:
        throw new Error(`stateOf: element ${element.type} not known to the test`);
    }
    state[block.block_id] = { [id]: { type: element.type, ...entry } };
  }
  return state;
}
