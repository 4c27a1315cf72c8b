import type { App, types, webApi } from '@slack/bolt';
import { listInvitations } from '../services/invitations/invitations.js';
import { listUsers } from '../services/users/query.js';
import type { Actor } from '../services/context.js';
import type { Resolution } from '../chat/identity.js';
import type { SlackUserRef } from './identity.js';
import { LIMITS } from './limits.js';
import { actionBlocks } from './render-reply.js';
import { mrkdwn, plain } from './render-text.js';
import type { SlackState } from './state.js';

export interface HomeCounts {
  enabled: number;
  disabled: number;
  unconfirmed: number;
  pendingInvitations: number;
}

/** The totals of the Home tab, from the services (one-row pages: only `total` is used). */
export async function homeCounts(rt: SlackState, actor: Actor): Promise<HomeCounts> {
  const count = (state: string) => listUsers(rt.deps, actor, { state, pageSize: 1 }).then((p) => p.total);
  const [enabled, disabled, unconfirmed, pendingInvitations] = await Promise.all([
    count('enabled'),
    count('disabled'),
    count('unconfirmed'),
    listInvitations(rt.deps, actor, { filter: 'pending', pageSize: 1 }).then((p) => p.total),
  ]);
  return { enabled, disabled, unconfirmed, pendingInvitations };
}

/** The buttons of the Home tab: the common forms and lists, as the command lines they run. */
export const HOME_ACTIONS = [
  { label: 'Add user', command: 'user add', style: 'primary' as const },
  { label: 'Invite', command: 'invite' },
  { label: 'Reset passwords', command: 'user reset-password' },
  { label: 'Pending invitations', command: 'invites pending' },
  { label: 'Users', command: 'users' },
];

export function renderAdminHome(name: string, counts: HomeCounts): types.HomeView {
  const field = (label: string, value: number) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Switchboard', LIMITS.headerText) },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: mrkdwn(`Portal users of your account, ${name}.`, LIMITS.sectionText) },
      },
      {
        type: 'section',
        fields: [
          field('Enabled', counts.enabled),
          field('Disabled', counts.disabled),
          field('Unconfirmed', counts.unconfirmed),
          field('Pending invitations', counts.pendingInvitations),
        ],
      },
      ...actionBlocks(HOME_ACTIONS),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Type `/portal help` in any channel for every command.' }],
      },
    ],
  };
}

export function renderNoteHome(text: string): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Switchboard', LIMITS.headerText) },
      { type: 'section', text: { type: 'mrkdwn', text: mrkdwn(text, LIMITS.sectionText) } },
    ],
  };
}

async function homeFor(rt: SlackState, resolution: Resolution): Promise<types.HomeView> {
  if (!resolution.ok) return renderNoteHome(resolution.message);
  if (!resolution.user.permissions.administrator) {
    return renderNoteHome(
      'Switchboard lets portal Administrators manage portal users from Slack. Type `/portal help` to see the commands open to you.',
    );
  }
  return renderAdminHome(resolution.user.name || resolution.user.userId, await homeCounts(rt, resolution.actor));
}

/** Publishes the Home tab for a Slack user (after the event's acknowledgement, so users.info is allowed). */
export async function publishHome(rt: SlackState, client: webApi.WebClient, ref: SlackUserRef): Promise<void> {
  const resolution = await rt.resolve(client, ref);
  await client.views.publish({ user_id: ref.userId, view: await homeFor(rt, resolution) });
}

/** `app_home_opened` → views.publish. Bolt acknowledges events before listeners run. */
export function registerHome(app: App, rt: SlackState): void {
  // A retried event (same event_id) is dropped before it gets here (once-only.ts).
  app.event('app_home_opened', async ({ event, body, client, context }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id;
    if (!teamId) return;
    rt.later('home', () => publishHome(rt, client, { teamId, userId: event.user }));
  });
}
