import { z } from 'zod/v4';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { VoiceE911Address } from '../../domain/entities/voice-e911-address.js';
import { ServiceError, type ErrorCode } from '../../domain/errors.js';
import type { AddressValidation } from '../../domain/voice/address-validator.js';
import type { E911AddressInput } from '../../domain/voice/e911-address.js';
import type { Actor } from '../context.js';
import { runChange } from '../run.js';
import { findVoiceProfileFor } from './access.js';
import { addressValidatorOf, platformUser, provision, type VoiceServiceDeps } from './options.js';
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

const part = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .max(200, `${label} is too long`)
    .nullable()
    .optional();

/** The dispatchable address as typed; every rule is the address validator's, with its own code. */
export const changeE911Input = z.object({
  user: z
    .string({ error: 'Give the voice user: a phone number, extension, name or email' })
    .trim()
    .min(1, 'Give the voice user: a phone number, extension, name or email'),
  houseNumber: part('House number'),
  preDirectional: part('Directional'),
  streetName: part('Street name'),
  streetSuffix: part('Street suffix'),
  postDirectional: part('Directional'),
  city: part('City'),
  state: part('State'),
  zip: part('ZIP'),
  country: part('Country'),
  floor: part('Floor'),
  suite: part('Suite'),
  room: part('Room'),
});

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
export async function changeE911Address(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown,
): Promise<ChangeE911Result> {
  return runChange(
    deps,
    actor,
    {
      action: 'voice.e911',
      schema: changeE911Input,
      async run(data, scope) {
        const { em, account, now } = scope;
        const named = (found: VoiceProfile) => (scope.target = voiceTarget(found));
        const profile = await findVoiceProfileFor(em, account, scope.actor, data.user, 'manage', named);
        const { user: _ref, ...typed } = data;
        const validator = addressValidatorOf(deps);
        let validation: AddressValidation;
        try {
          validation = await validator.validate(typed satisfies E911AddressInput);
        } catch (error) {
          deps.logger.warn(
            { validator: validator.name, errorClass: error instanceof Error ? error.name : typeof error },
            'address validator failed',
          );
          throw new ServiceError(
            'E911.VALIDATION_UNAVAILABLE',
            `The address validation service (${validator.name}) did not answer, so the E911 address was not changed; try again in a few minutes.`,
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
        const receipt = await provision(deps, 'E911 address', (p) =>
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
    },
    input,
  );
}
