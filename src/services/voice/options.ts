import { formatAddressValidator, type AddressValidator } from '../../domain/voice/address-validator.js';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError } from '../../domain/errors.js';
import type { ChangeScope, ServiceDeps } from '../context.js';
import {
  localProvisioner,
  type ProvisioningReceipt,
  type VoicePlatformUser,
  type VoiceProvisioner,
} from './provisioning.js';

/** What the voice services can be given beyond the common deps; each has a default. */
export interface VoiceOptions {
  provisioner?: VoiceProvisioner;
  addressValidator?: AddressValidator;
}

/** The service deps the voice services take: any `ServiceDeps` (its `voice` options are optional). */
export type VoiceServiceDeps = ServiceDeps;

export function provisionerOf(deps: VoiceServiceDeps): VoiceProvisioner {
  return deps.voice?.provisioner ?? localProvisioner;
}

export function addressValidatorOf(deps: VoiceServiceDeps): AddressValidator {
  return deps.voice?.addressValidator ?? formatAddressValidator;
}

export function platformUser(profile: VoiceProfile): VoicePlatformUser {
  return {
    profileId: profile.id,
    name: profile.name,
    phoneNumber: profile.phoneNumber,
    extension: profile.extension,
    siteAccountNumber: profile.site.accountNumber,
  };
}

/**
 * Runs a provisioning call inside a change. A failure refuses the change (so it rolls back) with
 * a message that names the platform but repeats nothing it was sent; the log gets the error's
 * class only, since a platform's error text may echo the request. A dry run (the preview of an
 * approval request) never calls the platform: the local provisioner answers.
 */
export async function provision(
  scope: Pick<ChangeScope, 'deps' | 'dryRun'>,
  what: string,
  call: (provisioner: VoiceProvisioner) => Promise<ProvisioningReceipt>,
): Promise<ProvisioningReceipt> {
  const deps = scope.deps;
  const provisioner = scope.dryRun ? localProvisioner : provisionerOf(deps);
  try {
    return await call(provisioner);
  } catch (error) {
    deps.logger.warn(
      {
        provisioning: what,
        platform: provisioner.platform,
        errorClass: error instanceof Error ? error.name : typeof error,
      },
      'voice platform refused a change',
    );
    throw new ServiceError(
      'VOICE.PROVISIONING_FAILED',
      `The voice platform (${provisioner.platform ?? 'unknown'}) did not accept the ${what}, so nothing was saved; try again later or ask the voice team to look at the platform.`,
    );
  }
}
