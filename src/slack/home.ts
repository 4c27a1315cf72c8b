import type { App, webApi } from '@slack/bolt';
import { homeFor } from '../chat/home.js';
import type { SlackUserRef } from './identity.js';
import { renderReply } from './render-reply.js';
import type { SlackState } from './state.js';

/** Publishes the Home tab for a Slack user (after the event's acknowledgement, so users.info is allowed). */
export async function publishHome(rt: SlackState, client: webApi.WebClient, ref: SlackUserRef): Promise<void> {
  const home = await homeFor(rt.deps, await rt.resolve(client, ref), '/portal ');
  await client.views.publish({
    user_id: ref.userId,
    view: { type: 'home', blocks: renderReply(home, 'private').blocks },
  });
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
