import type { z } from 'zod/v4';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';
import { hashSecret } from '../../domain/secret-hash.js';
import { generatePin, pinProblem, type PinContext } from '../../domain/voice/pin-rules.js';
import { setVoicePinInput } from '../../domain/inputs/voice-inputs.js';
import type { Actor, ChangeResult, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { findVoiceProfileFor } from './access.js';
import { platformUser, provision } from './options.js';
import type { ProvisioningReceipt } from './provisioning.js';
import { credentialFor, matchesAny, secretState } from './secrets.js';
import { toVoiceUserSummary, voiceTarget, type VoiceUserSummary } from './voice-dto.js';

export { setVoicePinInput };

export interface SetVoicePinResult {
  user: VoiceUserSummary;
  /** Only for a generated PIN: show it once, privately, to the admin who asked. Never stored. */
  pin?: string;
  generated: boolean;
  /** Always true: an admin sets an initial PIN that the user changes at first use. */
  mustChangeAtFirstUse: true;
  provisioning: ProvisioningReceipt;
}

const SAME_AS_PREVIOUS =
  "The PIN is the same as the user's current or previous voicemail PIN; choose one they have not used before.";

/**
 * Sets a voice user's initial voicemail PIN, typed or generated (6 digits from
 * node:crypto), after every rule of DESIGN.md. Only the scrypt hash is stored, with
 * the one before it; the user must change the PIN at first use.
 */
export const setVoicePinOperation = defineOperation({
  name: 'voice.pin',
  label: 'Set voicemail PIN',
  input: setVoicePinInput,
  approval: { rules: [], never: true },
  async run(data, scope): Promise<ChangeResult<SetVoicePinResult>> {
    const { em, account, now } = scope;
    const named = (found: VoiceProfile) => (scope.target = voiceTarget(found));
    const profile = await findVoiceProfileFor(em, account, scope.actor, data.user, 'manage', named);
    if (data.generate && data.pin !== undefined && data.pin.trim() !== '') {
      throw ServiceError.field('VALIDATION.INVALID', 'pin', 'Either type a PIN or ask for a generated one, not both.');
    }
    const credential = await credentialFor(em, profile);
    const used = [credential.pinHash, credential.previousPinHash];
    const context: PinContext = { extension: profile.extension, phoneNumber: profile.phoneNumber };
    let pin: string;
    if (data.generate) {
      pin = generatePin(context);
      // A repeat of a used PIN is a one-in-a-million draw; draw again rather than refuse.
      for (let attempt = 0; await matchesAny(pin, used); attempt++) {
        if (attempt >= 10) throw new Error('could not generate a voicemail PIN unlike the previous ones');
        pin = generatePin(context);
      }
    } else {
      pin = (data.pin ?? '').trim();
      const problem = pinProblem(pin, context);
      if (problem) throw ServiceError.field(problem.code, 'pin', problem.message);
      if (data.confirmPin !== undefined && data.confirmPin.trim() !== pin) {
        throw ServiceError.field(
          'PIN.MISMATCH',
          'confirmPin',
          'The two PINs differ; type the same PIN in both fields.',
        );
      }
      if (await matchesAny(pin, used)) throw ServiceError.field('PIN.SAME_AS_PREVIOUS', 'pin', SAME_AS_PREVIOUS);
    }
    const before = {
      voicemail: secretState(Boolean(credential.pinHash), credential.pinSource, credential.pinChangedAt, {
        mustChangeAtFirstUse: credential.pinMustChange,
      }),
    };
    const hash = await hashSecret(pin);
    const receipt = await provision(scope, 'voicemail PIN', (p) =>
      p.setVoicemailPin(platformUser(profile), pin, { mustChangeAtFirstUse: true }),
    );
    Object.assign(credential, {
      previousPinHash: credential.pinHash,
      pinHash: hash,
      pinMustChange: true,
      pinSource: data.generate ? 'generated' : 'typed',
      pinChangedAt: now,
      pinChangedBy: scope.actor,
      pinProvisioning: receipt.status,
    });
    await em.flush();
    const source = data.generate ? 'generated' : 'typed';
    return {
      result: {
        user: toVoiceUserSummary(profile),
        ...(data.generate ? { pin } : {}),
        generated: data.generate,
        mustChangeAtFirstUse: true,
        provisioning: receipt,
      },
      before,
      after: {
        voicemail: secretState(true, source, now, { mustChangeAtFirstUse: true, provisioning: receipt.status }),
      },
    };
  },
});

/** Sets a voicemail PIN at once (never held: it carries a typed secret). */
export const setVoicePin = (deps: ServiceDeps, actor: Actor, input: z.input<typeof setVoicePinInput>) =>
  runOperation(deps, actor, setVoicePinOperation, input);
