import type { z } from 'zod/v4';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';
import { hashSecret } from '../../domain/secret-hash.js';
import { generateVoicePassword, voicePasswordProblem } from '../../domain/voice/voice-password.js';
import { setVoicePasswordInput } from '../../domain/inputs/voice-inputs.js';
import type { Actor, ChangeResult, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { findVoiceProfileFor } from './access.js';
import { platformUser, provision } from './options.js';
import type { ProvisioningReceipt } from './provisioning.js';
import { credentialFor, secretState } from './secrets.js';
import { toVoiceUserSummary, voiceTarget, type VoiceUserSummary } from './voice-dto.js';

export { setVoicePasswordInput };

export interface SetVoicePasswordResult {
  user: VoiceUserSummary;
  /** Only for a generated password: show it once, privately, to the admin who asked. Never stored. */
  password?: string;
  generated: boolean;
  provisioning: ProvisioningReceipt;
}

/**
 * Sets a voice user's Voice Manager/WebEx password (8 to 64 characters, at least one
 * digit), typed or generated. Only its scrypt hash is stored. WebEx does not ask the
 * user to change it, so it is final as set.
 */
export const setVoicePasswordOperation = defineOperation({
  name: 'voice.password',
  label: 'Set Voice Manager password',
  input: setVoicePasswordInput,
  approval: { rules: [], never: true },
  async run(data, scope): Promise<ChangeResult<SetVoicePasswordResult>> {
    const { em, account, now } = scope;
    const named = (found: VoiceProfile) => (scope.target = voiceTarget(found));
    const profile = await findVoiceProfileFor(em, account, scope.actor, data.user, 'manage', named);
    if (data.generate && data.password !== undefined && data.password !== '') {
      throw ServiceError.field(
        'VALIDATION.INVALID',
        'password',
        'Either type a password or ask for a generated one, not both.',
      );
    }
    // A typed password is taken exactly as typed: spaces are characters like any other.
    const password = data.generate ? generateVoicePassword() : (data.password ?? '');
    if (!data.generate) {
      const problem = voicePasswordProblem(password);
      if (problem) throw ServiceError.field(problem.code, 'password', problem.message);
      if (data.confirmPassword !== undefined && data.confirmPassword !== password) {
        throw ServiceError.field(
          'VOICE_PASSWORD.MISMATCH',
          'confirmPassword',
          'The two passwords differ; type the same password in both fields.',
        );
      }
    }
    const credential = await credentialFor(em, profile);
    const before = {
      voiceManager: secretState(
        Boolean(credential.passwordHash),
        credential.passwordSource,
        credential.passwordChangedAt,
      ),
    };
    const hash = await hashSecret(password);
    const receipt = await provision(scope, 'Voice Manager/WebEx password', (p) =>
      p.setVoiceManagerPassword(platformUser(profile), password),
    );
    const source = data.generate ? 'generated' : 'typed';
    Object.assign(credential, {
      passwordHash: hash,
      passwordSource: source,
      passwordChangedAt: now,
      passwordChangedBy: scope.actor,
      passwordProvisioning: receipt.status,
    });
    await em.flush();
    return {
      result: {
        user: toVoiceUserSummary(profile),
        ...(data.generate ? { password } : {}),
        generated: data.generate,
        provisioning: receipt,
      },
      before,
      after: { voiceManager: secretState(true, source, now, { provisioning: receipt.status }) },
    };
  },
});

/** Sets a Voice Manager/WebEx password at once (never held: it carries a typed secret). */
export const setVoicePassword = (deps: ServiceDeps, actor: Actor, input: z.input<typeof setVoicePasswordInput>) =>
  runOperation(deps, actor, setVoicePasswordOperation, input);
