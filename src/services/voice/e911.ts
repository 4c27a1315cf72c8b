import type { z } from 'zod/v4';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { VoiceE911Address } from '../../domain/entities/voice-e911-address.js';
import { ServiceError, type ErrorCode } from '../../domain/errors.js';
import type { AddressValidation } from '../../domain/voice/address-validator.js';
import type { E911AddressInput } from '../../domain/voice/e911-address.js';
import { changeE911Input } from '../../domain/inputs/voice-inputs.js';
import type { Actor, ChangeResult, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { findVoiceProfileFor } from './access.js';
import { addressValidatorOf, platformUser, provision } from './options.js';
import type { ProvisioningReceipt } from './provisioning.js';
import {
  addressOf,
  loadE911,
  toE911Dto,
  toVoiceUserSummary,
  voiceTarget,
  type E911Dto,
  type VoiceUserSummary,
} from './voice-dto.js';

export { changeE911Input };

export interface ChangeE911Result {
  user: VoiceUserSummary;
  e911: E911Dto;
  /** What the validator said about the address (e.g. that it checked the format only). */
  notes: string[];
  provisioning: ProvisioningReceipt;
}

/**
 * Changes a voice user's E911 dispatchable address after the address validator
 * (by default: format checks and USPS normalisation) accepts it. The audit event
 * records the old and the new address.
 */
export const changeE911Operation = defineOperation({
  name: 'voice.e911',
  label: 'Change E911 address',
  input: changeE911Input,
  approval: { rules: ['e911'] },
  async run(data, scope): Promise<ChangeResult<ChangeE911Result>> {
    const { em, account, now } = scope;
    const named = (found: VoiceProfile) => (scope.target = voiceTarget(found));
    const profile = await findVoiceProfileFor(em, account, scope.actor, data.user, 'manage', named);
    const { user: _ref, ...typed } = data;
    const validator = addressValidatorOf(scope.deps);
    let validation: AddressValidation;
    try {
      validation = await validator.validate(typed satisfies E911AddressInput);
    } catch (error) {
      scope.deps.logger.warn(
        { validator: validator.name, errorClass: error instanceof Error ? error.name : typeof error },
        'address validator failed',
      );
      throw new ServiceError(
        'E911.VALIDATION_UNAVAILABLE',
        `The address validation service (${validator.name}) did not answer, so the E911 address was not changed; ` +
          'try again in a few minutes.',
      );
    }
    if (!validation.ok) {
      const [first, ...rest] = validation.problems;
      const message = [first!, ...rest].map((p) => p.message).join(' ');
      throw new ServiceError(
        first!.code as ErrorCode,
        message,
        validation.problems.map((p) => ({ field: p.field, message: p.message })),
      );
    }
    const existing = await loadE911(em, profile);
    const before = { e911: existing ? addressOf(existing) : null };
    const receipt = await provision(scope, 'E911 address', (p) =>
      p.setE911Address(platformUser(profile), validation.address),
    );
    const record = existing ?? Object.assign(new VoiceE911Address(), { profile });
    em.persist(record);
    Object.assign(record, validation.address, {
      validatedBy: validation.validatedBy,
      verified: validation.verified,
      provisioning: receipt.status,
      changedAt: now,
      changedBy: scope.actor,
    });
    await em.flush();
    return {
      result: {
        user: toVoiceUserSummary(profile),
        e911: toE911Dto(record),
        notes: validation.notes,
        provisioning: receipt,
      },
      before,
      after: {
        e911: addressOf(record),
        validatedBy: record.validatedBy,
        verified: record.verified,
        provisioning: receipt.status,
      },
    };
  },
});

/** Changes an E911 address at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const changeE911Address = (deps: ServiceDeps, actor: Actor, input: z.input<typeof changeE911Input>) =>
  runOperation(deps, actor, changeE911Operation, input);
