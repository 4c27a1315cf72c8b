import type { ProvisioningReceipt } from '../../domain/dto/voice-dto.js';
import type { E911Address } from '../../domain/voice/e911-address.js';

export type { ProvisioningReceipt };

/** Who a provisioning call is about, as a voice platform would find them. */
export interface VoicePlatformUser {
  profileId: string;
  name: string;
  phoneNumber: string | null;
  extension: string | null;
  siteAccountNumber: string;
}

/**
 * Carries voice changes to the platform that serves the phones (BroadWorks/Webex and
 * the like). Called inside the change's transaction, after every rule passed: if it
 * throws, nothing is saved. A PIN or password is handed over in clear only here, once,
 * because the platform needs it and Switchboard keeps only a hash.
 */
export interface VoiceProvisioner {
  /** The platform's name, or null when none is connected. */
  readonly platform: string | null;
  setVoicemailPin(
    user: VoicePlatformUser,
    pin: string,
    options: { mustChangeAtFirstUse: boolean },
  ): Promise<ProvisioningReceipt>;
  setVoiceManagerPassword(user: VoicePlatformUser, password: string): Promise<ProvisioningReceipt>;
  setE911Address(user: VoicePlatformUser, address: E911Address): Promise<ProvisioningReceipt>;
  updateUser(user: VoicePlatformUser, changes: Record<string, unknown>): Promise<ProvisioningReceipt>;
}

const NOT_SENT: ProvisioningReceipt = {
  status: 'not-sent',
  platform: null,
  detail:
    'No voice provisioner is configured, so this was saved in Switchboard only: the phones keep their current setting ' +
    'until it is set on the voice platform (see "Voice provisioning" in the README).',
};

/**
 * The local implementation: it calls nothing and says so. Every change it is given is
 * recorded as `not-sent`, never as applied.
 */
export const localProvisioner: VoiceProvisioner = {
  platform: null,
  async setVoicemailPin() {
    return NOT_SENT;
  },
  async setVoiceManagerPassword() {
    return NOT_SENT;
  },
  async setE911Address() {
    return NOT_SENT;
  },
  async updateUser() {
    return NOT_SENT;
  },
};
