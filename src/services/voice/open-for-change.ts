import type { Actor } from '../context.js';
import type { VoiceServiceDeps } from './options.js';
import { showVoiceUser } from './query.js';
import type { VoiceUserDto } from './voice-dto.js';

/** A voice user as a form to change them starts from: refused at once (AUTH.FORBIDDEN) to someone who may only look. */
export function openVoiceUserForChange(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown,
  action: string,
): Promise<VoiceUserDto> {
  return showVoiceUser(deps, actor, input, 'manage', action);
}
