/** What Slack and Teams send: signed slash commands and view submissions, Teams activities. */
import { createHmac } from 'node:crypto';
import { TEAMS_PEOPLE } from './fake-connector.js';

export const SIGNING_SECRET = 'bench-signing-secret-5f0c';
export const FORM = 'application/x-www-form-urlencoded';

export interface Outgoing {
  headers: Record<string, string>;
  body: string;
}

export function signed(body: string, contentType = FORM): Outgoing {
  const ts = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${signature}`,
    },
  };
}

/** `/portal <text>` from `userId`; its response_url is `${responseBase}/respond/<key>`. */
export function slashCommand(userId: string, text: string, key: string, responseBase: string): Outgoing {
  const body = new URLSearchParams({
    token: 'x',
    team_id: 'TBENCH',
    team_domain: 'bench',
    channel_id: 'CBENCH',
    channel_name: 'bench',
    user_id: userId,
    user_name: 'bench',
    command: '/portal',
    text,
    api_app_id: 'ABENCH',
    is_enterprise_install: 'false',
    response_url: `${responseBase}/respond/${key}`,
    trigger_id: `${process.pid}.${key}.${Math.random().toString(36).slice(2)}`,
  }).toString();
  return signed(body);
}

type Values = Record<string, string | boolean | undefined>;

/** Slack's view.state of a modal: each input block's initial value, overridden by `values` (by action_id). */
export function stateOf(view: Record<string, any>, values: Values): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as Record<string, any>[]) {
    if (block.type !== 'input') continue;
    const element = block.element;
    const given = values[element.action_id as string];
    const options: Record<string, any>[] =
      element.options ?? (element.option_groups ?? []).flatMap((g: any) => g.options);
    let entry: Record<string, unknown>;
    if (element.type === 'static_select') {
      const option = given === undefined ? element.initial_option : options.find((o) => o.value === given);
      entry = { selected_option: option ?? null };
    } else if (element.type === 'multi_static_select') entry = { selected_options: element.initial_options ?? [] };
    else if (element.type === 'checkboxes')
      entry = { selected_options: given === undefined ? (element.initial_options ?? []) : given ? options : [] };
    else entry = { value: given === undefined ? (element.initial_value ?? null) : String(given) };
    state[block.block_id as string] = { [element.action_id as string]: { type: element.type, ...entry } };
  }
  return state;
}

/** A view_submission of `view` (as views.open received it) by `userId`, with these field values. */
export function viewSubmission(userId: string, view: Record<string, any>, viewId: string, values: Values): Outgoing {
  const payload = {
    type: 'view_submission',
    team: { id: 'TBENCH', domain: 'bench' },
    user: { id: userId, username: 'bench', name: 'bench', team_id: 'TBENCH' },
    api_app_id: 'ABENCH',
    token: 'x',
    trigger_id: `${process.pid}.${Math.random().toString(36).slice(2)}`,
    view: {
      ...view,
      id: viewId,
      hash: `h-${viewId}`,
      team_id: 'TBENCH',
      app_id: 'ABENCH',
      bot_id: 'BBENCH',
      state: { values: stateOf(view, values) },
    },
    response_urls: [],
    is_enterprise_install: false,
  };
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

const BOT = { id: '28:switchboard-bench', name: 'Switchboard' };

function teamsBase(person: number, id: string, serviceUrl: string): Record<string, unknown> {
  const from = TEAMS_PEOPLE[person % TEAMS_PEOPLE.length]!;
  return {
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: `a:bench-personal-${from.id}`, conversationType: 'personal', tenantId: 'tenant-bench' },
    channelData: { tenant: { id: 'tenant-bench' } },
    locale: 'en-US',
  };
}

/** A 1:1 message to the bot. */
export function teamsMessage(person: number, id: string, text: string, serviceUrl: string): Outgoing {
  const activity = { ...teamsBase(person, id, serviceUrl), type: 'message', text, textFormat: 'plain', entities: [] };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) };
}

/** A click on an Action.Execute that runs a command line (the Details / paging actions of Switchboard's cards). */
export function teamsExecute(person: number, id: string, verb: string, data: unknown, serviceUrl: string): Outgoing {
  const activity = {
    ...teamsBase(person, id, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: `action-${id}`, verb, data }, trigger: 'manual' },
  };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) };
}
