import type { Actor } from '../context.js';
import { runQuery } from '../run.js';
import { requireVoiceAccess } from './access.js';
import { findVoiceProfile } from './lookup.js';
import type { VoiceServiceDeps } from './options.js';
import { voiceUserRefInput } from './query.js';
import { loadCredential, loadE911, toVoiceUserView, type VoiceUserView } from './views.js';

/**
 * A voice user as a form to change them starts from: refused at once (AUTH.FORBIDDEN)
 * when the actor may only look, so nobody fills a form that cannot be saved.
 */
export async function openVoiceUserForChange(deps: VoiceServiceDeps, actor: Actor, input: unknown, action: string): Promise<VoiceUserView> {
  return runQuery(deps, actor, {
    action,
    schema: voiceUserRefInput,
    async run(data, { em, account, actor: actorUser, now }) {
      const profile = await findVoiceProfile(em, account, data.user);
      await requireVoiceAccess(em, actorUser, profile.site, 'manage');
      return toVoiceUserView(profile, await loadCredential(em, profile), await loadE911(em, profile), now);
    },
  }, input);
}
